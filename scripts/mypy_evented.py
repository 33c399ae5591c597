"""A mypy plugin that gives ``@psygnal.evented`` classes their ``events`` attribute.

The decorator adds ``events`` (a SignalGroupDescriptor) at run time, so mypy cannot see it and
reports every ``scene.events.caption.connect(...)`` as an unknown attribute. This adds it to
each decorated class as a SignalGroup, what the descriptor returns on an instance. A class
that declares ``events: ClassVar[SignalGroupDescriptor]`` itself needs none of this.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import ClassDefContext, Plugin
from mypy.plugins.common import add_attribute_to_class

EVENTED = "psygnal._evented_decorator.evented"
SIGNAL_GROUP = "psygnal._group.SignalGroup"


def _add_events(ctx: ClassDefContext) -> bool:
    group = ctx.api.named_type_or_none(SIGNAL_GROUP)
    if group is None:
        return False  # psygnal not analysed yet: mypy calls again in a later pass
    add_attribute_to_class(ctx.api, ctx.cls, "events", group)
    return True


class EventedPlugin(Plugin):
    def get_class_decorator_hook_2(self, fullname: str) -> Callable[[ClassDefContext], bool] | None:
        return _add_events if fullname == EVENTED else None


def plugin(version: str) -> type[Plugin]:
    return EventedPlugin
