#!/usr/bin/env python3
"""A loopback stand-in for an Azure DevOps organisation, just enough for the azuredevops
provider to configure itself during an offline `tofu plan`.

The provider's configure step builds its API clients, and each client asks the organisation
for its resource areas (OPTIONS <org>/_apis, then GET <org>/_apis/ResourceAreas). Answering
"no resource areas" is what an on-premises server does: every client then uses the
organisation URL itself, and a plan that only creates resources makes no other request.
Any other request is answered 501 and logged, so a plan that needs real data fails loudly.

Usage: azdo_stub.py PORT_FILE   (binds 127.0.0.1 on a free port, writes the port to PORT_FILE,
serves until killed; stops by itself after --max-seconds, default 3600)
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RESOURCE_AREAS_LOCATION = {
    "id": "e81700f7-3be2-46de-8624-2eb35882fcaa",
    "area": "Location",
    "resourceName": "ResourceAreas",
    "routeTemplate": "_apis/{resource}/{areaId}",
    "resourceVersion": 1,
    "minVersion": "1.0",
    "maxVersion": "7.1",
    "releasedVersion": "0.0",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _path(self):
        return self.path.split("?", 1)[0].rstrip("/").lower()

    def do_OPTIONS(self):  # noqa: N802
        if self._path().endswith("/_apis"):
            self._send(200, {"count": 1, "value": [RESOURCE_AREAS_LOCATION]})
        else:
            self._unexpected()

    def do_GET(self):  # noqa: N802
        if "/_apis/resourceareas" in self._path():
            self._send(200, {"count": 0, "value": []})
        else:
            self._unexpected()

    def _unexpected(self):
        sys.stderr.write(f"azdo_stub: unexpected {self.command} {self.path}\n")
        self._send(501, {"message": f"azdo_stub: {self.command} {self.path} is not stubbed"})

    do_POST = do_PUT = do_PATCH = do_DELETE = _unexpected

    def log_message(self, fmt, *args):
        pass


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    max_seconds = 3600.0
    if len(argv) >= 4 and argv[2] == "--max-seconds":
        max_seconds = float(argv[3])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    timer = threading.Timer(max_seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
