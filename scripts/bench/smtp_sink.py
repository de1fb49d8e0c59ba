#!/usr/bin/env python3
"""A local SMTP sink for the outbox benchmark: accepts every mail on 127.0.0.1 and appends
one line per message received to a file: its Message-ID header (or `-`) and its recipients.

    python3 scripts/bench/smtp_sink.py --port 2525 --out received.log

It speaks just enough SMTP for a client (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
answers at once, and never delivers anything anywhere. Each line is flushed as the message
is accepted, so a reader counts exactly what was acknowledged (`250` after DATA).
"""
import argparse
import asyncio
import sys


class Sink:
    def __init__(self, out):
        self.out = open(out, "a", encoding="utf-8", buffering=1)
        self.received = 0

    async def session(self, reader, writer):
        async def reply(line):
            writer.write((line + "\r\n").encode())
            await writer.drain()

        await reply("220 sink.local ESMTP mutu-bench")
        recipients = []
        try:
            while True:
                raw = await reader.readline()
                if not raw:
                    break
                verb = raw.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
                if verb == "EHLO":
                    await reply("250-sink.local")
                    await reply("250-8BITMIME")
                    await reply("250 SMTPUTF8")
                elif verb == "HELO":
                    await reply("250 sink.local")
                elif verb == "MAIL":
                    recipients = []
                    await reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(raw.decode("utf-8", "replace").strip().split(":", 1)[-1].strip(" <>"))
                    await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    message_id = "-"
                    in_headers = True
                    while True:
                        line = await reader.readline()
                        if not line or line in (b".\r\n", b".\n"):
                            break
                        if in_headers:
                            text = line.decode("utf-8", "replace").rstrip("\r\n")
                            if not text:
                                in_headers = False
                            elif text.lower().startswith("message-id:"):
                                message_id = text.split(":", 1)[1].strip()
                    self.received += 1
                    self.out.write(f"{message_id}\t{','.join(recipients)}\n")
                    await reply("250 OK queued")
                elif verb in ("RSET", "NOOP"):
                    await reply("250 OK")
                elif verb == "QUIT":
                    await reply("221 Bye")
                    break
                else:
                    await reply("502 Command not implemented")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def main(port, out):
    sink = Sink(out)
    server = await asyncio.start_server(sink.session, "127.0.0.1", port)
    print(f"READY {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    try:
        asyncio.run(main(a.port, a.out))
    except KeyboardInterrupt:
        sys.exit(0)
