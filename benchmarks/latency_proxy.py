"""A TCP proxy on loopback that adds network latency, for benchmarks only.

``python benchmarks/latency_proxy.py DELAY_MS LISTEN:UPSTREAM [LISTEN:UPSTREAM …]`` forwards each
loopback LISTEN port to its UPSTREAM port and holds every chunk for DELAY_MS in each direction
(a round trip costs twice that), keeping the order of the bytes. It prints ``ready`` once every
port listens. The probes then wait on the network as they do against a real site, instead of
competing with a loopback server for the machine's two cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            writer.write(data)
            await writer.drain()
        with contextlib.suppress(OSError):
            writer.write_eof()

    sender = asyncio.create_task(deliver())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((time.monotonic() + delay, data))
    except OSError:
        pass
    queue.put_nowait((time.monotonic() + delay, b""))
    with contextlib.suppress(OSError):
        await sender


async def _serve(listen: int, upstream: int, delay: float) -> asyncio.Server:
    async def connected(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(_pump(client_r, server_w, delay), _pump(server_r, client_w, delay))
        for w in (client_w, server_w):
            w.close()

    return await asyncio.start_server(connected, "127.0.0.1", listen)


async def main(delay_ms: float, pairs: list[tuple[int, int]]) -> None:
    """Serve every pair until killed."""
    servers = [await _serve(listen, upstream, delay_ms / 1000) for listen, upstream in pairs]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    ports = [tuple(int(p) for p in arg.split(":")) for arg in sys.argv[2:]]
    asyncio.run(main(float(sys.argv[1]), ports))  # type: ignore[arg-type]
