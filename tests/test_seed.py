"""`county seed` is idempotent and every figure it stores comes from parsing a report."""

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.extraction.figures import EXTRACTION_VERSION
from app.models import Entity, Observation, ObservationHistory, Source
from app.services.seed import seed


async def test_a_second_seed_changes_nothing(session: AsyncSession) -> None:
    before = (await session.execute(select(func.count()).select_from(Observation))).scalar_one()
    summary = await seed(session)
    assert summary.indicators == 0
    assert summary.entities == 0
    assert summary.reports_added == []
    assert len(summary.reports_present) == 2
    after = (await session.execute(select(func.count()).select_from(Observation))).scalar_one()
    assert after == before > 0


async def test_seeded_sources_keep_their_origin(session: AsyncSession) -> None:
    sources = (await session.execute(select(Source).order_by(Source.id))).scalars().all()
    assert [s.origin["file"] for s in sources] == [
        "reports/000_ee54c6e7b9c81045.txt",
        "reports/001_094da2e9a2d42d36.txt",
    ]
    assert all(s.origin["origin"].startswith("shared/reports/") for s in sources)


async def test_every_stored_span_matches_its_source_text(session: AsyncSession) -> None:
    rows = await session.execute(
        select(Observation.surface, Observation.span_start, Observation.span_end, Source.text).join(
            Source
        )
    )
    for surface, start, end, text in rows:
        assert text[start:end] == surface


async def test_nanan_is_a_county_level_city_of_quanzhou(session: AsyncSession) -> None:
    nanan = (
        await session.execute(select(Entity).where(Entity.admin_code == "350583"))
    ).scalar_one()
    parent = await session.get(Entity, nanan.parent_id)
    assert nanan.kind == "county" and nanan.name_en == "Nan'an"
    assert parent is not None and parent.admin_code == "350500"


async def test_the_curated_figure_is_recorded_as_reviewed(session: AsyncSession) -> None:
    row = (
        await session.execute(
            select(Observation).where(Observation.indicator_code == "kiln_temperature")
        )
    ).scalar_one()
    assert row.surface == "1280" and row.unit == "celsius"
    assert row.status == "reviewed" and row.review_note
    assert row.extraction_method == "rules+review"


async def test_a_report_parsed_by_an_older_parser_is_parsed_again(session: AsyncSession) -> None:
    await session.execute(update(Observation).values(extraction_version="1.0.0"))
    summary = await seed(session)
    assert summary.reports_added == [] and summary.figures > 0
    versions = set((await session.execute(select(Observation.extraction_version))).scalars())
    assert versions == {EXTRACTION_VERSION}


async def test_a_report_a_person_reviewed_is_not_parsed_again(session: AsyncSession) -> None:
    figure = (await session.execute(select(Observation).limit(1))).scalar_one()
    session.add(
        ObservationHistory(
            observation_id=figure.id, changed_by="editor", action="review", old={}, new={}
        )
    )
    await session.execute(
        update(Observation)
        .where(Observation.source_id == figure.source_id)
        .values(extraction_version="1.0.0")
    )
    await seed(session)
    kept = set(
        (
            await session.execute(
                select(Observation.extraction_version).where(
                    Observation.source_id == figure.source_id
                )
            )
        ).scalars()
    )
    assert kept == {"1.0.0"}
