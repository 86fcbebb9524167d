"""The yardstick: a FastAPI route returning a fixed 1 KB JSON body, served like the API."""

from fastapi import FastAPI
from fastapi.responses import Response

BODY = (
    b'{"items":[' + b",".join(b'{"id":%d,"value":"%s"}' % (i, b"x" * 24) for i in range(24)) + b"]}"
)

app = FastAPI()


@app.get("/static")
async def static() -> Response:
    return Response(BODY, media_type="application/json")
