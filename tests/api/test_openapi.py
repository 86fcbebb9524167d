"""The OpenAPI document is complete enough that an integrator needs nothing else."""

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_every_operation_is_documented(document: dict[str, Any]) -> None:
    info = document["info"]
    assert info["title"] and info["version"] and info["description"] and info["contact"]
    assert {t["name"] for t in document["tags"]} >= {"observations", "sources", "search"}
    operation_ids = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            assert operation.get("description"), where
            assert operation.get("tags"), where
            operation_ids.append(operation["operationId"])
            for parameter in operation.get("parameters", []):
                assert (
                    "description" in parameter
                    or "examples" in parameter.get("schema", {})
                    or ("example" in parameter or "examples" in parameter)
                ), f"{where} {parameter['name']}"
    assert len(operation_ids) == len(set(operation_ids))
    assert "list_observations" in operation_ids and "get_series" in operation_ids


async def test_every_schema_field_has_an_example(document: dict[str, Any]) -> None:
    for name, schema in document["components"]["schemas"].items():
        for field, spec in schema.get("properties", {}).items():
            documented = (
                "examples" in spec
                or "$ref" in spec
                or spec.get("type") == "array"
                or ("anyOf" in spec and any("$ref" in option for option in spec["anyOf"]))
                or spec.get("type") == "object"
            )
            assert documented, f"{name}.{field}"


async def test_errors_are_documented_as_problems(document: dict[str, Any]) -> None:
    operation = document["paths"]["/v1/observations"]["get"]
    for status in ("400", "404", "422", "503"):
        content = operation["responses"][status]["content"]
        assert "application/problem+json" in content
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_docs_and_redoc_are_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    assert (await client.get("/redoc")).status_code == 200


@pytest.mark.slow
async def test_a_generated_client_calls_the_api(
    document: dict[str, Any], app: FastAPI, tmp_path: Path, writer: str
) -> None:
    """openapi-python-client, unpatched: read an indicator, add a report with a key (the
    bearer scheme), then compare two counties' GDP in one call."""
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document))
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(tmp_path / "client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("client")
        api = importlib.import_module("client.api.indicators.get_indicator")
        http = package.Client(base_url="http://testserver")
        http.set_async_httpx_client(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        )
        indicator = await api.asyncio(client=http, code="gdp")
        assert indicator is not None and indicator.name_en == "Gross domestic product"

        models = importlib.import_module("client.models")
        create = importlib.import_module("client.api.sources.create_source")
        compare = importlib.import_module("client.api.indicators.compare_places")
        writer_client = package.AuthenticatedClient(
            base_url="http://testserver",
            token=writer,
            httpx_args={"transport": httpx.ASGITransport(app=app)},
        )
        report = models.SourceCreate(text="晋江市2021年实现地区生产总值2986.4亿元。")
        added = await create.asyncio_detailed(client=writer_client, body=report)
        assert added.status_code == 201, added.content
        both = await compare.asyncio(client=http, code="gdp", entity=["350583", "350582"])
        assert both is not None and isinstance(both, models.Comparison)
        assert {p.entity.admin_code for p in both.places} == {"350583", "350582"}
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
            del sys.modules[name]
