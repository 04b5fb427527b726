#!/usr/bin/env python3
"""A tiny HTTP server on 127.0.0.1 for `folio data fetch` tests.

Usage: range_server.py FILE PORTFILE   (writes the port to PORTFILE, then serves until killed)
  /release.zip             the file, honouring `Range: bytes=N-` with 206 Partial Content
  /interrupt/release.zip   first full request: announces the whole length, sends half, drops
                           the connection; requests with a Range are served normally
  /corrupt/release.zip     the file with one byte flipped
"""
import http.server, socketserver, sys

DATA = open(sys.argv[1], "rb").read()

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = DATA
        if self.path.startswith("/corrupt/"):
            body = bytearray(DATA); body[len(body) // 2] ^= 0xFF; body = bytes(body)
        elif not self.path.endswith("/release.zip"):
            self.send_error(404); return
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[6:-1])
        if start:
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        chunk = body[start:]
        self.send_header("Content-Length", str(len(chunk)))
        self.end_headers()
        if self.path.startswith("/interrupt/") and not start:
            self.wfile.write(chunk[: len(chunk) // 2]); self.wfile.flush()
            self.connection.shutdown(2); self.close_connection = True
            return
        self.wfile.write(chunk)

with socketserver.TCPServer(("127.0.0.1", 0), Handler) as server:
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    server.serve_forever()
