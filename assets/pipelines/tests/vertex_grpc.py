"""Real gRPC servers for the Vertex AI v1 services the pipeline's components call, on 127.0.0.1.

The Python client library ships no .proto files; it ships the services' wire contract in its
gRPC transports (method paths, request and response message types) and the message types with
their compiled descriptors. service_methods() reads that contract off the real transport, so
the server answers exactly the paths, with exactly the types, the client sends; the tests
program the answers (handlers per method) and read the recorded requests. A path the
transport does not know cannot be served, and an unprogrammed method answers UNIMPLEMENTED.
"""

from __future__ import annotations

import inspect
from concurrent import futures
from typing import Any, Callable

import grpc


class _Recorder:
    """Stands in for the transport's channel while the stubs are built: records each method."""

    def __init__(self):
        self.methods: dict[str, tuple[str, Any, Any]] = {}

    def _record(self, path, request_serializer=None, response_deserializer=None, **_):
        name = path.rsplit("/", 1)[-1]
        self.methods[name] = (path, request_serializer.__self__, response_deserializer.__self__)
        return lambda *a, **k: None

    unary_unary = unary_stream = stream_unary = stream_stream = _record


def service_methods(transport_cls) -> dict[str, tuple[str, Any, Any]]:
    """{method: (path, request type, response type)} as the library's gRPC transport defines them."""
    transport = transport_cls(channel=grpc.insecure_channel("127.0.0.1:9"))
    recorder = _Recorder()
    transport._logged_channel = recorder  # the stubs are built lazily, from this attribute
    transport._stubs = {}
    for name, member in inspect.getmembers(transport_cls):
        if isinstance(member, property) and name not in ("grpc_channel", "kind", "operations_client", "host"):
            try:
                getattr(transport, name)
            except Exception:  # noqa: BLE001 (a property that is not an RPC)
                pass
    transport.grpc_channel.close()
    return recorder.methods


def _serialize(message_type):
    return getattr(message_type, "serialize", None) or (lambda m: m.SerializeToString())


def _deserialize(message_type):
    return getattr(message_type, "deserialize", None) or message_type.FromString


class LoopbackService:
    """One Vertex AI service on 127.0.0.1:<free port>; handlers[method](request) -> response."""

    def __init__(self, transport_cls, service: str, handlers: dict[str, Callable[[Any], Any]]):
        self.methods = service_methods(transport_cls)
        unknown = sorted(set(handlers) - set(self.methods))
        if unknown:
            raise ValueError(f"{service} has no method(s) {unknown}")
        self.requests: list[tuple[str, Any]] = []
        rpc_handlers = {}
        for method, handler in handlers.items():
            path, request_type, response_type = self.methods[method]
            assert path == f"/{service}/{method}", path

            def call(request, context, method=method, handler=handler):
                self.requests.append((method, request))
                return handler(request)

            rpc_handlers[method] = grpc.unary_unary_rpc_method_handler(
                call, request_deserializer=_deserialize(request_type), response_serializer=_serialize(response_type))
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        self.server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(service, rpc_handlers),))
        port = self.server.add_insecure_port("127.0.0.1:0")
        self.address = f"127.0.0.1:{port}"

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop(grace=None)

    def called(self, method: str) -> list[Any]:
        return [request for name, request in self.requests if name == method]
