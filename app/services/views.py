"""Views over figures: series with a preferred figure per period, GDP growth, parks, projects."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.models import Entity, Indicator, Observation
from app.models.vocab import ObservationKind
from app.schemas.observations import EntityRef, IndicatorRef, ObservationRead
from app.schemas.queries import PlacePage
from app.schemas.views import (
    CompactPoint,
    Comparison,
    Coverage,
    Facet,
    GdpSeries,
    Growth,
    Latest,
    LatestList,
    ParkRead,
    ParkSummary,
    PeriodKey,
    PlaceFacets,
    PlaceSeries,
    ProjectRead,
    Ratio,
    Series,
    SeriesPoint,
    TimelineEntry,
)
from app.services import observations as obs
from app.services import reference
from app.services.fetch import fetch
from app.services.observations import Row

VOLUNTEER_INDICATORS = [
    "civilization_practice_centres",
    "civilization_practice_institutes",
    "civilization_practice_stations",
    "volunteer_teams",
    "volunteer_projects",
    "registered_volunteers",
]
INVESTMENT = {
    "planned": "investment_planned",
    "signed": "investment_signed",
    "invested": "investment_to_date",
}


async def entity_or_404(session: AsyncSession, key: str) -> Entity:
    entity = (await session.execute(select(Entity).where(obs.entity_match(key)))).scalars().first()
    if entity is None:
        raise NotFound(f"no entity with slug or administrative code {key!r}")
    return entity


async def indicator_or_404(session: AsyncSession, code: str) -> Indicator:
    indicator = await session.get(Indicator, code)
    if indicator is None:
        raise NotFound(f"no indicator {code!r}; GET /v1/indicators lists them")
    return indicator


def entity_ref(entity: Entity) -> EntityRef:
    return EntityRef(
        slug=entity.slug,
        kind=entity.kind,
        name_zh=entity.name_zh,
        name_en=entity.name_en,
        admin_code=entity.admin_code,
    )


def indicator_ref(indicator: Indicator) -> IndicatorRef:
    return IndicatorRef(
        code=indicator.code,
        name_zh=indicator.name_zh,
        name_en=indicator.name_en,
        category=indicator.category,
        broader=indicator.broader_code,
    )


def _with_narrower(codes: list[str]) -> Any:
    """The codes and the derived indicators that narrow them (a phase's planned investment)."""
    return select(Indicator.code).where(
        or_(Indicator.code.in_(codes), Indicator.broader_code.in_(codes))
    )


async def rows_for(
    session: AsyncSession, entity_ids: list[int], indicators: list[str] | None = None
) -> list[Row]:
    statement = obs.columns().where(
        obs.OBS.entity_id.in_(entity_ids), obs.OBS.status != "retracted"
    )
    if indicators is not None:
        statement = statement.where(obs.OBS.indicator_code.in_(_with_narrower(indicators)))
    statement = statement.order_by(obs.PERIOD_KEY, obs.OBS.id)
    result = await session.execute(statement)  # expanding IN lists: not for `fetch`
    return cast(list[Row], list(result.mappings()))  # RowMapping keys may be columns too


def _precision(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


OFFICIAL = re.compile(r"统计局|人民政府|政府办公室|发展和改革|统计公报")


# Which figure a series shows when several reports give one period, rule by rule: the first
# rule on which the best figure beats the next one is the reason stated.
PREFERENCE: list[tuple[Callable[[Row], Any], str]] = [
    (lambda r: r["status"] == "reviewed", "the only reviewed figure among {n}"),
    (
        lambda r: bool(OFFICIAL.search(f"{r['source_publisher'] or ''}{r['source_title']}")),
        "from an official publisher, among {n} figures",
    ),
    (lambda r: _precision(r["value"]), "the most precise of {n} figures"),
    (lambda r: r["qualifier"] == "exact", "the only exact figure among {n}"),
    (lambda r: r["source_published"] is not None, "from a dated report, among {n}"),
    (
        lambda r: r["source_published"].toordinal() if r["source_published"] else 0,
        "from the most recent of {n} reports",
    ),
    (lambda r: r["id"], "the last stored of {n} figures that tie on every rule"),
]


def prefer(rows: list[Row]) -> tuple[Row, str]:
    """The figure to show for one period, and the rule that decided (see PREFERENCE)."""
    if len(rows) == 1:
        return rows[0], "the only figure for this period"
    ranked = sorted(rows, key=lambda r: tuple(rule(r) for rule, _ in PREFERENCE), reverse=True)
    best, runner = ranked[0], ranked[1]
    reason = next(
        text for rule, text in PREFERENCE if rule(best) != rule(runner) or text == PREFERENCE[-1][1]
    )
    return best, reason.format(n=len(rows)) + " for this period"


def disagreement(rows: list[Row]) -> tuple[bool, list[float] | None, list[str]]:
    """Whether the reports for one period disagree, the spread of their values, and every
    source."""
    values = {row["value"] for row in rows}
    sources = sorted({row["source_slug"] for row in rows})
    if len(values) < 2:
        return False, None, sources
    return True, [float(min(values)), float(max(values))], sources


def build_points(rows: list[Row], public_url: str) -> list[SeriesPoint]:
    groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row["period_start"], row["period_end"], row["kind"])].append(row)
    points = []
    for (_, _, kind), members in groups.items():
        best, reason = prefer(members)
        conflict, spread, sources = disagreement(members)
        figures = [obs.present(m, public_url) for m in members]  # each validated once
        chosen = next(f for f in figures if f.id == best["id"])
        points.append(
            SeriesPoint(
                period=chosen.period,
                kind=kind,
                value=chosen.value,
                display=chosen.display,
                preferred=chosen.id,
                reason=reason,
                conflict=conflict,
                spread=spread,
                sources=sources,
                observations=figures,
            )
        )
    return points


async def series(
    session: AsyncSession,
    entity_key: str,
    code: str,
    public_url: str,
    kind: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Series:
    entity = await entity_or_404(session, entity_key)
    indicator = await indicator_or_404(session, code)
    rows = [
        row
        for row in await rows_for(session, [entity.id], [code])
        if (kind is None or row["kind"] == kind)
        and (year_from is None or row["period_end"] is None or row["period_end"].year >= year_from)
        and (year_to is None or row["period_start"] is None or row["period_start"].year <= year_to)
    ]
    return Series(
        entity=entity_ref(entity),
        indicator=indicator_ref(indicator),
        unit=indicator.unit,
        points=build_points(rows, public_url),
    )


def growth(points: list[SeriesPoint]) -> list[Growth]:
    """CAGR between consecutive yearly actual points."""
    yearly = [
        p
        for p in points
        if p.kind == "actual"
        and p.period.start
        and p.period.end
        and p.period.start.year == p.period.end.year
        and (p.period.end - p.period.start).days >= 364
    ]
    out = []
    for first, second in zip(yearly, yearly[1:], strict=False):
        assert first.period.start and second.period.end and first.period.end and second.period.start
        years = second.period.start.year - first.period.start.year
        if years <= 0 or first.value <= 0:
            continue
        rate = (second.value / first.value) ** (1 / years) - 1
        out.append(
            Growth(
                start=first.period.start,
                end=second.period.end,
                years=years,
                cagr_percent=round(rate * 100, 2),
                formula=f"({second.display.zh} / {first.display.zh})^(1/{years}) - 1",
                from_observations=[first.preferred, second.preferred],
            )
        )
    return out


async def gdp(session: AsyncSession, entity_key: str, public_url: str) -> GdpSeries:
    base = await series(session, entity_key, "gdp", public_url)
    return GdpSeries(**base.model_dump(), growth=growth(base.points))


def preferred_by_indicator(rows: list[Row], public_url: str) -> dict[str, ObservationRead]:
    """The latest period's preferred figure for each indicator."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row["indicator_code"]].append(row)
    for row in rows:
        broader = row["indicator_broader_code"]
        if broader and (broader not in groups or groups[broader][0]["indicator_code"] != broader):
            # a phase's planned investment stands for the park's when the park's is not given
            groups[broader].append(row)
    out = {}
    for code, members in groups.items():
        latest_start = max((m["period_start"] for m in members if m["period_start"]), default=None)
        latest = [m for m in members if m["period_start"] == latest_start] or members
        out[code] = obs.present(prefer(latest)[0], public_url)
    return out


def ratios(progress: dict[str, ObservationRead]) -> list[Ratio]:
    out = []
    for spec in reference.park_ratios():
        code, zh, en = spec["code"], spec["label_zh"], spec["label_en"]
        numerator, alternatives = spec["numerator"], spec["denominator"]
        top = [progress[c] for c in numerator if c in progress]
        bottom = next(
            ([progress[c] for c in alt] for alt in alternatives if all(c in progress for c in alt)),
            [],
        )
        total = sum(o.value for o in bottom)
        if not top or not bottom or total <= 0:
            continue
        out.append(
            Ratio(
                code=code,
                label_zh=zh,
                label_en=en,
                value=round(sum(o.value for o in top) / total, 4),
                numerator=[o.id for o in top],
                denominator=[o.id for o in bottom],
                approximate=any(o.qualifier != "exact" for o in top + bottom),
            )
        )
    return out


async def _children(session: AsyncSession, kind: str) -> list[tuple[Entity, str | None]]:
    parent = Entity.__table__.alias("parent")
    statement = (
        select(Entity, parent.c.slug)
        .outerjoin(parent, parent.c.id == Entity.parent_id)
        .where(Entity.kind == kind)
        .order_by(Entity.slug)
    )
    return [(row[0], row[1]) for row in await session.execute(statement)]


async def park(session: AsyncSession, key: str, public_url: str) -> ParkRead:
    entity = await entity_or_404(session, key)
    if entity.kind != "park":
        raise NotFound(f"{key!r} is a {entity.kind}, not an industrial park")
    parent = await session.get(Entity, entity.parent_id) if entity.parent_id else None
    rows = await rows_for(session, [entity.id])
    progress = preferred_by_indicator(rows, public_url)
    items = [obs.present(row, public_url) for row in rows]
    timeline = [
        TimelineEntry(
            period=item.period,
            observation=item.id,
            summary=f"{item.indicator.name_zh} {item.display.zh}",
        )
        for item in sorted(items, key=lambda i: (i.period.start or obs.NO_DATE, i.id))
        if item.period.start
    ]
    return ParkRead(
        entity=entity_ref(entity),
        parent=parent.slug if parent else None,
        progress=progress,
        ratios=ratios(progress),
        timeline=timeline,
        observations=items,
    )


async def _page_of(
    session: AsyncSession,
    kinds: list[str],
    page: PlacePage,
    indicators: list[str] | None = None,
) -> tuple[list[Entity], str | None]:
    """Entities of `kinds` that have figures (of `indicators`), by slug after the cursor,
    under a division if asked: a page, and the slug to continue after."""
    figures = select(Observation.id).where(
        Observation.entity_id == Entity.id, Observation.status != "retracted"
    )
    if indicators is not None:
        figures = figures.where(Observation.indicator_code.in_(_with_narrower(indicators)))
    statement = select(Entity).where(Entity.kind.in_(kinds), exists(figures))
    if page.within:
        prefix = obs.division_prefix(page.within) + "%"
        statement = statement.where(Entity.id.in_(obs.places_within(literal(prefix))))
    if page.cursor:
        statement = statement.where(Entity.slug > page.cursor)
    found = list(
        (await session.execute(statement.order_by(Entity.slug).limit(page.limit + 1))).scalars()
    )
    if not found and page.within:
        await obs.unknown_values(session, obs.Filters(within=page.within))
    more = len(found) > page.limit
    found = found[: page.limit]
    return found, found[-1].slug if more and found else None


async def _parent_slugs(session: AsyncSession, entities: list[Entity]) -> dict[int, str]:
    ids = [e.parent_id for e in entities if e.parent_id]
    if not ids:
        return {}
    parents = await session.execute(select(Entity.id, Entity.slug).where(Entity.id.in_(ids)))
    return {row.id: row.slug for row in parents}


async def parks(
    session: AsyncSession, public_url: str, page: PlacePage
) -> tuple[list[ParkSummary], str | None]:
    entities, following = await _page_of(session, ["park"], page)
    parents = await _parent_slugs(session, entities)
    rows = await rows_for(session, [e.id for e in entities]) if entities else []
    by_entity: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_entity[row["entity_slug"]].append(row)
    items = [
        ParkSummary(
            entity=entity_ref(entity),
            parent=parents.get(entity.parent_id or 0),
            figures=len(by_entity[entity.slug]),
            ratios=ratios(preferred_by_indicator(by_entity[entity.slug], public_url)),
        )
        for entity in entities
    ]
    return items, following


async def projects(
    session: AsyncSession, public_url: str, page: PlacePage
) -> tuple[list[ProjectRead], str | None]:
    kinds = ["project", "park", "company"]
    entities, following = await _page_of(session, kinds, page, list(INVESTMENT.values()))
    parents = await _parent_slugs(session, entities)
    rows = await rows_for(session, [e.id for e in entities]) if entities else []
    by_entity: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_entity[row["entity_slug"]].append(row)
    out = []
    for entity in entities:
        members = by_entity[entity.slug]
        latest = preferred_by_indicator(members, public_url)
        amounts = {name: latest.get(code) for name, code in INVESTMENT.items()}
        built = "buildings_completed" in latest or amounts["invested"] is not None
        status = "under construction" if built else "signed" if amounts["signed"] else "planned"
        out.append(
            ProjectRead(
                entity=entity_ref(entity),
                parent=parents.get(entity.parent_id or 0),
                status=status,
                planned=amounts["planned"],
                signed=amounts["signed"],
                invested=amounts["invested"],
                observations=[obs.present(m, public_url) for m in members],
            )
        )
    return out, following


async def volunteers(
    session: AsyncSession, key: str, public_url: str
) -> tuple[Entity, dict[str, ObservationRead]]:
    entity = await entity_or_404(session, key)
    rows = await rows_for(session, [entity.id], VOLUNTEER_INDICATORS)
    return entity, preferred_by_indicator(rows, public_url)


COMPARE_MAX_ROWS = 20_000


async def compare(
    session: AsyncSession, filters: obs.Filters, code: str, public_url: str
) -> Comparison:
    """`code` for the places `filters` select, period by period, the preferred figure each."""
    indicator = await indicator_or_404(session, code)
    chosen = filters.model_copy(update={"indicator": [code]})
    statement, values = obs.apply_filters(obs.columns(), chosen)
    shape = ("compare", tuple(sorted(values)), chosen.include_retracted)
    statement = statement.order_by(obs.OBS.entity_id, obs.PERIOD_KEY, obs.OBS.id)
    rows = await fetch(session, shape, lambda: statement.limit(COMPARE_MAX_ROWS), values)
    if not rows or obs.several_named(chosen):
        await obs.unknown_values(session, chosen)
    cells: dict[str, dict[tuple[Any, Any, Any], list[Row]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[tuple[Any, Any, Any], str | None] = {}
    places: dict[str, Row] = {}
    for row in rows:
        period = (row["period_start"], row["period_end"], row["kind"])
        cells[row["entity_slug"]][period].append(row)
        labels.setdefault(period, row["period_label"])
        places.setdefault(row["entity_slug"], row)
    periods = sorted(labels, key=lambda p: (p[0] or obs.NO_DATE, p[1] or obs.NO_DATE, p[2]))
    base = public_url.rstrip("/")

    def point(members: list[Row]) -> CompactPoint | None:
        if not members:
            return None
        best, _ = prefer(members)
        return CompactPoint(
            value=float(best["value"]),
            low=None if best["value_low"] is None else float(best["value_low"]),
            high=None if best["value_high"] is None else float(best["value_high"]),
            qualifier=best["qualifier"],
            conflict=disagreement(members)[0],
            observation=best["id"],
            link=f"{base}/v1/observations/{best['id']}",
        )

    return Comparison(
        indicator=indicator_ref(indicator),
        unit=indicator.unit,
        kind=filters.kind or ObservationKind.ACTUAL,
        periods=[PeriodKey(label=labels[p], start=p[0], end=p[1]) for p in periods],
        places=[
            PlaceSeries(
                entity=EntityRef(
                    slug=row["entity_slug"],
                    kind=row["entity_kind"],
                    name_zh=row["entity_name_zh"],
                    name_en=row["entity_name_en"],
                    admin_code=row["entity_admin_code"],
                ),
                points=[point(cells[slug].get(p, [])) for p in periods],
            )
            for slug, row in places.items()
        ],
    )


async def coverage(session: AsyncSession, code: str) -> Coverage:
    """Which places have figures for an indicator, over which periods, and when it changed."""
    indicator = await indicator_or_404(session, code)
    statement = (
        select(
            Entity.slug,
            Entity.name_zh,
            Entity.admin_code,
            func.min(Observation.period_start),
            func.max(Observation.period_end),
            func.count(Observation.id),
            func.max(Observation.updated_at),
        )
        .join(Entity, Entity.id == Observation.entity_id)
        .where(Observation.indicator_code == code, Observation.status != "retracted")
        .group_by(Entity.slug, Entity.name_zh, Entity.admin_code)
        .order_by(Entity.slug)
    )
    rows = (await session.execute(statement)).all()
    return Coverage(
        indicator=indicator_ref(indicator),
        places=[
            Facet(key=slug, name_zh=name, admin_code=admin, first=first, last=last, count=n)
            for slug, name, admin, first, last, n, _ in rows
        ],
        last_changed=max((row[6] for row in rows), default=None),
    )


async def facets(session: AsyncSession, entity_key: str) -> PlaceFacets:
    """The indicators a place has figures for, each with its first and last period."""
    entity = await entity_or_404(session, entity_key)
    statement = (
        select(
            Indicator.code,
            Indicator.name_zh,
            func.min(Observation.period_start),
            func.max(Observation.period_end),
            func.count(Observation.id),
            func.max(Observation.updated_at),
        )
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .where(Observation.entity_id == entity.id, Observation.status != "retracted")
        .group_by(Indicator.code, Indicator.name_zh)
        .order_by(Indicator.code)
    )
    rows = (await session.execute(statement)).all()
    return PlaceFacets(
        entity=entity_ref(entity),
        indicators=[
            Facet(key=code, name_zh=name, first=first, last=last, count=n)
            for code, name, first, last, n, _ in rows
        ],
        last_changed=max((row[5] for row in rows), default=None),
    )


async def latest(
    session: AsyncSession, filters: obs.Filters, code: str, public_url: str
) -> LatestList:
    """Each place's most recent period with a figure for `code`, and that figure."""
    table = await compare(session, filters, code, public_url)
    items = []
    for place in table.places:
        last = max((i for i, p in enumerate(place.points) if p is not None), default=None)
        if last is not None:
            point = place.points[last]
            assert point is not None
            items.append(Latest(entity=place.entity, period=table.periods[last], point=point))
    return LatestList(indicator=table.indicator, unit=table.unit, items=items)
