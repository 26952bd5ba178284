"""The ClusterExplorer's comm, simulated: a recorder for what the widget sends, the messages the
front end would send, and the fixtures the widget-model tests share."""

from __future__ import annotations

import pytest

from hdbscope import ClusterExplorer
from hdbscope.datasets import walkthrough_blobs


class Recorder:
    """Stands in for the kernel's comm: keeps every message the widget sends."""

    def __init__(self, widget):
        self.messages = []
        widget.comm.publish_msg = self.publish
        widget.comm.kernel = object()  # ipywidgets only sends with a kernel attached

    def publish(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        self.messages.append({"type": msg_type, "data": data, "buffers": list(buffers or [])})

    def updates(self):
        return [m for m in self.messages if m["data"]["method"] == "update"]

    def clear(self):
        self.messages.clear()


def from_browser(widget, state, buffers=()):
    """Deliver an 'update' comm message as the front end sends it (buffers by path)."""
    paths = [[k] for k in state if isinstance(state[k], (bytes, memoryview))]
    json_state = {k: v for k, v in state.items() if not isinstance(v, (bytes, memoryview))}
    bufs = [memoryview(bytes(state[p[0]])) for p in paths]
    widget._handle_msg(
        {"content": {"data": {"method": "update", "state": json_state, "buffer_paths": paths}}, "buffers": bufs}
    )


def custom_from_browser(widget, content):
    widget._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


@pytest.fixture
def blobs():
    X, y = walkthrough_blobs()
    return X, y


@pytest.fixture
def widget(blobs):
    X, y = blobs
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y])
    return w, Recorder(w)


class EvaluateSpy:
    def __init__(self, widget):
        self.calls = []
        real = widget._clusterer.evaluate

        def spy(**kw):
            self.calls.append(kw)
            return real(**kw)

        widget._clusterer.evaluate = spy
