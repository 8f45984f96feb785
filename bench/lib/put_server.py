#!/usr/bin/env python3
"""Tiny HTTP PUT upload server for the curl baseline: PUT /NAME stores the body as DIR/NAME (1 MiB readinto).

usage: put_server.py PORT DIR   (binds 127.0.0.1 only; one request at a time; a 201 reply after the file is closed)
"""
import http.server
import os
import sys

DIR = sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_PUT(self):
        name = os.path.basename(self.path.split("?")[0]) or "upload.bin"
        left = int(self.headers.get("Content-Length", "0"))
        buf = bytearray(1 << 20)
        view = memoryview(buf)
        with open(os.path.join(DIR, name), "wb") as f:
            while left > 0:
                n = self.rfile.readinto(view[: min(left, len(buf))])
                if not n:
                    break
                f.write(view[:n])
                left -= n
        code = 201 if left == 0 else 400
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
