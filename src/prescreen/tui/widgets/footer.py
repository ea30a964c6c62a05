"""The key bar at the bottom of every screen, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned exactly


class KeyFooter(Footer):
    """Textual's footer, without its rebuilds for nothing.

    Textual's footer removes and mounts every key it shows after each change of bindings: every
    change of focus, every refresh of bindings. Moving to the next question makes several of
    those and the keys were rebuilt after each, the larger part of the time the move took. This
    one waits for the screen to settle, then rebuilds only if the keys to show differ.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None
        self._waiting = False

    def _keys(self) -> tuple[object, ...]:
        """What the footer shows: each key with its wording and whether it is enabled."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tip)
            for (_node, binding, enabled, tip) in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Each key starts compact and is then bound to the footer's (not compact):
                # two restyles of every key for nothing. Start it as the footer is.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._waiting:
            return
        if self.is_attached and screen is self.screen:
            self._waiting = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._waiting = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
