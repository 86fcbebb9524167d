"""`county seed` is idempotent and every figure it stores comes from parsing a report."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Entity, Observation, Source
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
