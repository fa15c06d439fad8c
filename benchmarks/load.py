"""A load client: many concurrent HTTP/1.1 clients on one event loop, in a process of its own, so
that what it costs is measured apart from the server's work (it prints its own CPU time).

    python -m benchmarks.load < spec.json > result.json

The spec (JSON) says where to send what: {"host", "port", "seconds", "clients": [{"requests":
[...], "max_requests": n}]}; each client sends its requests in turn, looping, until `seconds`
have passed (or it has sent `max_requests`), then finishes the one under way. A request is {"method", "path", "headers": {}, "body": "" or a JSON
value, "expect": status}. A body may hold "{period}", replaced by the month the client is at
(`months_from` in the client: its n-th request sends the n-th month after it), so that writers
send new values each time. Connections are kept alive when the server allows it (gunicorn's
sync workers close each one: the client then opens a new one, as a proxy in front would).

The result: for each client, its answers' latencies (seconds), its error count (an answer other
than the expected status, or no answer) with the first answer of each unexpected status, the
months it sent that were accepted and what the server said of them (the sums of the JSON
answers' numbers); plus the wall and CPU time of the whole run.
It imports no Django, so that it starts quickly and measures nothing of Commun's.
"""

import asyncio
import json
import sys
import time


class Answer:
    def __init__(self, status: int, body: bytes, keep_alive: bool):
        self.status, self.body, self.keep_alive = status, body, keep_alive


async def read_answer(reader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    keep_alive = headers.get("connection", "keep-alive" if version == "HTTP/1.1" else "close")
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        body = b""
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
    else:
        body, keep_alive = await reader.read(), "close"
    return Answer(int(status), body, keep_alive != "close")


def month(start: str, steps: int) -> str:
    """The month `steps` months after "YYYY-MM"."""
    year, number = (int(part) for part in start.split("-"))
    index = year * 12 + number - 1 + steps
    return f"{index // 12}-{index % 12 + 1:02d}"


def encode(spec: dict, request: dict, period: str) -> bytes:
    body = request.get("body", "")
    if not isinstance(body, str):
        body = json.dumps(body)
    data = body.replace("{period}", period).encode()
    headers = {"Host": f"{spec['host']}:{spec['port']}", "Connection": "keep-alive"}
    headers |= request.get("headers", {})
    if data:
        headers |= {"Content-Type": "application/json", "Content-Length": str(len(data))}
    head = f"{request.get('method', 'GET')} {request['path']} HTTP/1.1\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode() + b"\r\n" + data


async def one_client(spec: dict, client: dict, deadline: float) -> dict:
    latencies, errors, accepted, said, refused = [], 0, [], {}, {}
    reader = writer = None
    sent = 0
    requests = client["requests"]
    most = client.get("max_requests") or float("inf")
    while time.perf_counter() < deadline and sent < most:
        request = requests[sent % len(requests)]
        period = month(client.get("months_from", "2000-01"), sent)
        data = encode(spec, request, period)
        sent += 1
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(spec["host"], spec["port"])
            writer.write(data)
            await writer.drain()
            answer = await read_answer(reader)
        except (OSError, EOFError, ValueError, asyncio.IncompleteReadError):
            errors += 1
            writer = close(writer)
            continue
        latencies.append(time.perf_counter() - started)
        if answer.status != request.get("expect", 200):
            errors += 1
            refused.setdefault(str(answer.status), answer.body[:300].decode("utf-8", "replace"))
        elif request.get("method") == "POST":
            accepted.append(period)
            for key, value in json.loads(answer.body).items():
                said[key] = said.get(key, 0) + value
        if not answer.keep_alive:
            writer = close(writer)
    close(writer)
    return {
        "latencies": latencies,
        "sent": sent,
        "errors": errors,
        "accepted": accepted,
        "said": said,
        "refused": refused,
    }


def close(writer):
    if writer is not None:
        writer.close()
    return None


async def run_clients(spec: dict) -> dict:
    started = time.perf_counter()
    cpu = time.process_time()
    deadline = started + spec["seconds"]
    clients = await asyncio.gather(*(one_client(spec, c, deadline) for c in spec["clients"]))
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "clients": clients,
    }


def main() -> None:
    spec = json.load(sys.stdin)
    json.dump(asyncio.run(run_clients(spec)), sys.stdout)


if __name__ == "__main__":
    main()
