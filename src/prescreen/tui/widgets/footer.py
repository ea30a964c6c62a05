"""The key bar at the bottom of every screen, changed in place when the keys it shows change."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned exactly

Shown = tuple[Binding, bool, str]
"""A key the bar shows: its binding, whether it is enabled, its tooltip."""
KEY_PADDING = 3
"""Columns a key takes besides its key and description, as Textual's footer draws it (a space
either side of the key, one after the description); compact, one."""


class KeyFooter(Footer):
    """Textual's footer, without its rebuilds.

    Textual's footer removes and mounts every key it shows after each change of bindings: every
    change of focus, every refresh of bindings. On the question screen keys come and go with
    the question (Skip, F7, F8) and change places with the focus, and each rebuild restyled
    and laid out every key again, after the frame that showed the question. This one keeps a
    key once built: a key no longer offered is hidden, one offered again shown, the keys put
    in order, all at once, so the frame that shows a question shows its keys. The keys of the
    screen and the app are all built with the bar (those not offered hidden); only a key of
    a focused widget not seen before on this screen is built, after the next refresh.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Shown, ...] | None = None
        self._built: dict[tuple[object, ...], FooterKey] = {}
        self._waiting = False

    def _keys(self) -> tuple[Shown, ...]:
        """What the footer shows: each key, whether it is enabled, its tooltip."""
        keys: dict[str, Shown] = {}
        for _node, binding, enabled, tip in self.screen.active_bindings.values():
            # As Textual's footer: one key per action, the first bound.
            if binding.show and binding.action not in keys:
                keys[binding.action] = (binding, enabled, tip)
        return tuple(keys.values())

    def shows_current_keys(self) -> bool:
        """Whether the keys on show are those the screen offers now."""
        return self._shown == self._keys()

    @staticmethod
    def _ident(binding: Binding, tip: str) -> tuple[object, ...]:
        return (binding.key, binding.action, binding.description, tip)

    def _simple(self, keys: tuple[Shown, ...]) -> bool:
        """Whether the keys are shown one by one (no groups, no command palette key), as
        this footer can change in place; else Textual's footer is rebuilt as it does."""
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return not palette and all(binding.group is None for binding, _, _ in keys)

    def _key(self, binding: Binding, enabled: bool, tip: str) -> FooterKey:
        """A key built as Textual's footer builds it, but starting as compact as the footer
        (Textual's starts compact and is then bound to the footer's setting: two restyles)."""
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=tip,
        ).data_bind(compact=Footer.compact)
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key

    def compose(self) -> ComposeResult:
        self._built.clear()
        if not self._bindings_ready:
            self._shown = None
            return
        keys = self._keys()
        self._shown = keys
        self._fit()
        if not self._simple(keys):
            for widget in super().compose():
                if isinstance(widget, FooterKey):
                    widget.set_reactive(FooterKey.compact, self.compact)
                    widget.set_class(self.compact, "-compact", update=False)
                yield widget
            return
        for binding, enabled, tip in keys:
            if self._ident(binding, tip) not in self._built:
                key = self._key(binding, enabled, tip)
                self._built[self._ident(binding, tip)] = key
                yield key
        # And, hidden, every other key the screen or the app may offer later (Skip, F7, F8
        # come with some questions only): built now, not after the frame that needs them.
        for node in (self.screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    ident = self._ident(binding, binding.tooltip)
                    if binding.show and ident not in self._built:
                        key = self._key(binding, True, binding.tooltip)
                        key.display = False
                        self._built[ident] = key
                        yield key

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Keys closer together (compact) only when they do not all fit as they are: at 80
        columns the coordinator's eight keys did not."""
        if not self.size.width or self._shown is None:
            return
        needed = sum(
            cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)
            for binding, _, _ in self._shown
        )
        self.compact = needed + KEY_PADDING * len(self._shown) > self.size.width

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not (self.is_attached and screen is self.screen):
            return
        keys = self._keys()
        if keys == self._shown:
            return
        built = self._built
        if self._shown is not None and self._simple(keys) and built:  # noqa: SIM102
            if all(self._ident(binding, tip) in built for binding, _, tip in keys):
                self._show_keys(keys)
                return
        if not self._waiting:
            self._waiting = True
            self.call_after_refresh(self._rebuild_if_changed)

    def _show_keys(self, keys: tuple[Shown, ...]) -> None:
        """Show these keys (all built) in this order, enabled or not; hide the others."""
        self._shown = keys
        self._fit()
        wanted = [self._built[self._ident(binding, tip)] for binding, _, tip in keys]
        offered = set(wanted)
        for key in self._built.values():
            key.display = key in offered
        for key, (_binding, enabled, _tip) in zip(wanted, keys, strict=True):
            if key._disabled == enabled:
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled")
        in_order = [child for child in self.children if child in offered]
        if in_order != wanted:
            # Hidden keys may stay between them.
            for before, key in pairwise(wanted):
                self.move_child(key, after=before)

    async def _rebuild_if_changed(self) -> None:
        self._waiting = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        if self._shown is None or not self._simple(keys) or not self._built:
            await self.recompose()
            return
        # Build the keys not seen before, then show them as the others.
        new = {}
        for binding, enabled, tip in keys:
            ident = self._ident(binding, tip)
            if ident not in self._built and ident not in new:
                new[ident] = self._key(binding, enabled, tip)
        if new:
            await self.mount_all(new.values())
            self._built.update(new)
        self._show_keys(keys)
