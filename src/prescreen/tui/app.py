"""The prescreen Textual app: holds the interview in progress and moves between screens."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import os
import sys
import threading
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from rich.cells import cached_cell_len
from textual import events
from textual._styles_cache import StylesCache
from textual.app import App
from textual.binding import Binding
from textual.notifications import Notification, SeverityLevel
from textual.theme import Theme
from textual.timer import Timer

from prescreen import collector
from prescreen.core.answers import Context
from prescreen.core.questionset import QuestionSet
from prescreen.core.records import HistoryKind, Mode, utc_now
from prescreen.core.store import DraftConflict, Store, StoreError
from prescreen.crash import write_crash_report
from prescreen.safe_text import visible_controls
from prescreen.staff_pin import PinGuard
from prescreen.tui.kiosk import KIOSK_DEFAULTS, STAFF_KEY, KioskTimes, blocked_in_kiosk
from prescreen.tui.screens.dialogs import IdleWarning, ProblemNotice, UrgentNotice
from prescreen.tui.screens.welcome import WelcomeScreen

# Only the welcome screen is needed to start: the other screens (and the engine's interview)
# are imported where they are first used, to keep them off the start.
if TYPE_CHECKING:
    from textual.screen import Screen

    from prescreen.core.interview import Interview, RaisedFlag
    from prescreen.tui.screens.calls import CallsScreen
    from prescreen.tui.screens.staff import StaffChoice

HIGH_CONTRAST = Theme(
    name="prescreen-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFAA00",
    error="#FF5555",
    dark=True,
)
DEFAULT_THEME = "textual-dark"
TURN_KEYS = frozenset({"enter", "ctrl+n", "ctrl+b", "ctrl+s", "f7", "f8"})
"""Keys that may move the interview to another question."""
REPLAY_GAP = 0.01
"""Seconds between replayed keys: each is handled (bubbling included) before the next."""
HOLD_FALLBACK = 0.25
"""Seconds after such a key when held keys are replayed if it did not change the question."""
KEY_FALLBACK = 0.5
"""Seconds the next key waits at most for the last to be done: only when something stopped it
on its way back to the app, which nothing in prescreen does (a busy app can take 0.1 s)."""
COLLECTOR_AFTER = 0.2
"""Seconds after the first screen is drawn that the cycle collector is switched back on, if
the start held it off (`prescreen.collector`): its first pass, about 40 ms, comes after the
screen has reached the terminal."""
KEEP_TYPING_TICK = 1.0
"""Seconds between looks at whether what is typed on the question screen is to be saved."""
TERMINAL_CHECK = 1.0
"""Seconds between looks at whether the terminal is still there."""
CLOSED_TERMINAL_GRACE = 5.0
"""Seconds the app may take to stop once its terminal has closed and the interview is kept."""
EXIT_TERMINAL_CLOSED = 1
"""The exit code when the app was ended that way."""
BEHIND_KEYS = (events.Paste, events.MouseDown, events.MouseUp)
"""Input that waits behind keys typed before it."""
ACTIVITY = (
    events.Key,
    events.MouseDown,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)
"""Events that show someone is at the screen."""
INPUT = (*ACTIVITY, *BEHIND_KEYS)
"""Everything a person does, which goes to a screen."""


def _terminal_open() -> bool:
    """Whether the app's terminal is there (a closed one is no longer a terminal)."""
    stdin = sys.__stdin__
    try:
        return stdin is not None and os.isatty(stdin.fileno())
    except (OSError, ValueError):
        return False


class PrescreenApp(App[None]):
    """Runs interviews over one question set, one after another, saving drafts to a store.

    At a kiosk no key leaves the app (staff use the staff key and a PIN) and an idle interview is
    put away so the next person sees nothing of it. On the phone the interviewer starts, parks
    and resumes interviews from a list of drafts.
    """

    CSS_PATH = "prescreen.tcss"
    TITLE = "prescreen"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+t", "toggle_contrast", "Contrast"),
        Binding(STAFF_KEY, "staff", "Staff", priority=True),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    """Screens 40 lines or taller (a kiosk) get bigger touch targets (see the stylesheet)."""
    PHONE_BREAKPOINTS = [(0, "-short"), (40, "-roomy")]
    """On the phone a tall terminal shows more, not bigger: no touch targets ("-roomy" has no
    rules of its own; it only ends "-short")."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Screens under 100 columns show the interviewer's list of sections only on request."""

    def __init__(
        self,
        question_set: QuestionSet,
        store: Store,
        *,
        mode: Mode = "kiosk",
        interviewer: str | None = None,
        language: str | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        resume: tuple[Interview, list[str]] | None = None,
        kiosk_times: KioskTimes = KIOSK_DEFAULTS,
        staff_pin_hash: str | None = None,
        high_contrast: bool = False,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.kiosk_times = kiosk_times
        self.pin_guard = PinGuard(staff_pin_hash) if staff_pin_hash else None
        self.last_activity = monotonic()
        self.waiting: list[Interview] = []
        """Interviews put away whose writing failed: kept here and written when the store is
        back, never shown again."""
        self._resume = resume
        self.question_set = question_set
        self.store = store
        self.mode: Mode = mode
        if mode == "phone":
            self.VERTICAL_BREAKPOINTS = self.PHONE_BREAKPOINTS
        self.interviewer = interviewer
        self.language = language
        self.start_language = language
        self.interview: Interview | None = None
        self.return_to_review = False
        self.last_edited: str | None = None
        """The question last changed from review, where the review opens again."""
        self.unsaved = False
        self.store_problem = ""
        """What went wrong when saving last failed, for staff."""
        self._unsaved_notice = ""
        self.keyboard_wanted = False
        self.failure: Exception | None = None
        self._claimed: set[str] = set()
        """References claimed in the store (claimed at an interview's first save)."""
        self._pending: deque[events.Event] = deque()
        self._holding = False
        self._hold_timer: Timer | None = None
        self._in_flight: events.Key | None = None
        """The key last handed on and not yet done: the next waits for it."""
        self._flight_timer: asyncio.TimerHandle | None = None
        self._replaying = False
        self._turns = 0
        self.register_theme(HIGH_CONTRAST)
        self.theme = HIGH_CONTRAST.name if high_contrast else DEFAULT_THEME

    save_retry_seconds = 5.0
    """How often saving is tried again while the store is failing (a full or removed disk)."""

    def on_mount(self) -> None:
        self.push_screen(self.first_screen())
        self.set_interval(self.save_retry_seconds, self._retry_saving)
        self.set_interval(KEEP_TYPING_TICK, self._keep_typing)
        if not self.is_headless and _terminal_open():
            self.set_interval(TERMINAL_CHECK, self._check_terminal)
        if self.mode == "kiosk":
            self.set_interval(self.kiosk_times.tick, self.watch_idle)
        if self._resume is not None:
            self.resume(*self._resume)

    def on_ready(self) -> None:
        """The first screen is drawn: the start is over."""
        if collector.is_held():
            # At a kiosk the start's objects are set aside for the day; the coordinator's
            # first screen lists callers, which must not be kept for good.
            at_kiosk = self.mode == "kiosk"
            self.set_timer(COLLECTOR_AFTER, lambda: collector.started(freeze=at_kiosk))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice, always literally: notices quote drafts, file names and errors read
        from a store others can write to, so markup is never read and control characters are
        written out (Textual's own notices would pass ESC sequences to the terminal).

        The notice is in place when this returns, not at the next turn of the message loop
        as Textual's own is, so a `reset` or `withdraw` straight after takes it down: a notice
        about one person never arrives on the next person's screen."""
        notification = Notification(
            visible_controls(message),
            visible_controls(title),
            severity,
            self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=False,
        )
        self._notifications.add(notification)
        self._refresh_notifications()

    @property
    def top_screen(self) -> Screen[object] | None:
        """The screen on top; None before the first and after the last (as the app stops,
        when a timer or a key may still come and `screen` would raise)."""
        stack = self.screen_stack
        return stack[-1] if stack else None

    def first_screen(self) -> CallsScreen | WelcomeScreen:
        """Where each interview starts: the list of calls (phone) or the welcome (kiosk)."""
        if self.mode == "phone":
            from prescreen.tui.screens.calls import CallsScreen

            return CallsScreen()
        return WelcomeScreen(self.start_language)

    @property
    def claimed(self) -> bool:
        """Whether the open interview's reference is claimed in the store."""
        return self.interview is not None and self.interview.reference in self._claimed

    def say(self, code: str, **params: object) -> str:
        """A built-in wording in the language of the interview (or of the welcome screen), as
        the question set words it where it does."""
        language = self.interview.language if self.interview else self.language
        context = Context(
            self.question_set, language or self.question_set.default_language, self.clock().date()
        )
        return context.message(code, **params)

    def resume(self, interview: Interview, notices: list[str]) -> None:
        """Carry on with an interview from a draft (a call that dropped): straight to the
        question where it stopped, saying what did not carry over."""
        self.interview = interview
        self.last_edited = None
        self.language = interview.language
        self._claimed.add(interview.reference)  # its draft is in the store under it
        self.clear_notifications()  # about the call before this one
        for notice in notices:
            self.notify(notice, title="Resumed draft", severity="warning", timeout=15, markup=False)
        if interview.stopped_by is not None:
            self.submit()  # an urgent flag ended it: write what there is, as it would have been
        elif interview.current is None:
            self.show_review()
        else:
            self.show_questions()

    # -- keys typed ahead ---------------------------------------------------------------------
    # A coordinator types the next answer while the screen is still changing. Keys that arrive
    # after a key that may change the question are held, then typed again once the next
    # question has the focus, so they are neither lost nor added to the answer just given.
    #
    # Keys also go one at a time: Textual hands a key to the focused widget, and one the widget
    # does not take itself (Backspace, Delete, the arrows, ctrl+u) travels back up to the app,
    # where its binding runs, behind every key that arrived with it. Typed in a burst (a fast
    # typist over a slow link, a barcode scanner) "Smiht", two Backspaces and "th" became
    # "Smi". So the next key waits until the last one is done: taken by the widget, or back at
    # the app and its binding run (or KEY_FALLBACK, if something on the way stopped it).
    # A paste, a click or a tap that comes after keys still waiting waits behind them too: a
    # tap on Next must not take the answer with half of what was typed before it.
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, INPUT) and self.top_screen is None:
            return  # a key or a touch before the first screen or after the last: nowhere to go
        arriving = isinstance(event, events.Key) and not event.is_forwarded  # not bubbling back
        if (
            isinstance(event, BEHIND_KEYS)
            and not event.is_forwarded
            and _asks_questions(self.top_screen)
            and (self._pending or self._in_flight is not None or self._holding_paste(event))
        ):
            if isinstance(event, ACTIVITY):
                self.last_activity = monotonic()
            self._pending.append(event)
            return
        if isinstance(event, ACTIVITY) and not getattr(event, "is_forwarded", False):
            self.last_activity = monotonic()
            shown = self.top_screen
            if isinstance(shown, IdleWarning):
                # Any key or touch says "still here"; it goes no further.
                shown.dismiss(None)
                event.stop()
                return
        if arriving and self.mode == "kiosk":
            assert isinstance(event, events.Key)
            if blocked_in_kiosk(event.key):
                event.stop()
                event.prevent_default()
                return
        if not arriving or not _asks_questions(self.top_screen):
            await super().on_event(event)
            if isinstance(event, events.Key):
                self._key_done(event)  # back from the focused widget, its binding run
            return
        assert isinstance(event, events.Key)
        if self._holding or self._pending or self._in_flight is not None:
            self._pending.append(event)
        else:
            await self._deliver(event)

    def _holding_paste(self, event: events.Event) -> bool:
        # Pasted text is typed text: while the question changes it waits for the next one, as
        # keys do. A click waits only behind keys (a second tap on Next must not be replayed
        # onto the next question).
        return self._holding and isinstance(event, events.Paste)

    @property
    def keys_waiting(self) -> bool:
        """Whether typed keys are held, on their way, or not yet typed again."""
        return self._holding or bool(self._pending) or self._in_flight is not None

    async def _deliver(self, key: events.Event) -> None:
        from textual.widgets import TextArea

        from prescreen.tui.widgets.choices import ChoiceRow

        if not isinstance(key, events.Key):
            await super().on_event(key)  # a paste or a click, in its turn
            return
        target = self.focused or self.screen
        self._in_flight = key
        # asyncio's own timer: a Textual Timer is a task of its own, too dear for every key.
        self._flight_timer = asyncio.get_running_loop().call_later(
            KEY_FALLBACK, self._key_done, key
        )
        await super().on_event(key)
        if key.is_forwarded:
            # After the widget has handled it: done there, or on its way back to the app.
            target.call_later(self._taken_or_passed_on, key)
        else:
            self._key_done(key)  # an app binding took it
        starts_a_line = key.key == "enter" and isinstance(self.focused, TextArea)
        # A number typed on a grid row answers it and moves the focus to the next row.
        moves_row = isinstance(self.focused, ChoiceRow) and (key.character or "").isdigit()
        if (key.key in TURN_KEYS and not starts_a_line) or moves_row:
            self._holding = True
            self._hold_timer = self.set_timer(HOLD_FALLBACK, self._release_keys)

    @contextlib.asynccontextmanager
    async def turning(self) -> AsyncIterator[None]:
        """Hold typed keys while the screen moves to another question; type them after."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._holding = True
        self._turns += 1
        try:
            yield
        finally:
            self._turns -= 1
            if self._turns == 0:
                # After the next refresh: the new question's field has the focus by then.
                self.call_after_refresh(self._release_keys)

    def _release_keys(self) -> None:
        self._holding = False
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._type_waiting_keys()

    def _taken_or_passed_on(self, key: events.Key) -> None:
        if key._stop_propagation:  # the widget took it; else it is on its way to the app
            self._key_done(key)

    def _key_done(self, key: events.Key) -> None:
        if self._in_flight is not key:
            return
        self._in_flight = None
        if self._flight_timer is not None:
            self._flight_timer.cancel()
            self._flight_timer = None
        self._type_waiting_keys()

    def _type_waiting_keys(self) -> None:
        if not self._running:
            return  # a fallback timer after the app has stopped
        if self._pending and not self._holding and self._in_flight is None and not self._replaying:
            self._replaying = True  # one replay at a time, never cancelled in the middle of a key
            self.run_worker(self._replay(), group="replay")

    def drop_keys(self) -> None:
        """Forget keys typed ahead: they were meant for a question, not for whatever is showing
        now (a dialog that must be read, review, the end, the next person)."""
        self._pending.clear()

    async def _replay(self) -> None:
        """Type the held keys again, one at a time, each handled before the next; only ever into
        a question, never into a dialog or another screen. Stops while a key is on its way or
        keys are held; `_type_waiting_keys` starts it again."""
        try:
            while self._pending:
                await asyncio.sleep(REPLAY_GAP)
                if self._holding or self._in_flight is not None:
                    return
                if not _asks_questions(self.top_screen):
                    self._pending.clear()
                elif self._pending:
                    await self._deliver(self._pending.popleft())
        finally:
            self._replaying = False

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an error nothing else caught: keep the answers (save the draft),
        stop calmly, and show no traceback. `run_app` tells the person what happened."""
        if self.failure is None:
            self.failure = error
            # If even this fails, the draft on disk is the one from the last accepted answer.
            if self.interview is not None and self.interview.consent_at is not None:
                with contextlib.suppress(Exception):
                    self.save_draft()
        self._return_code = 1
        if self._exception is None:
            self._exception = error  # run_test re-raises it, so tests see the real error
            self._exception_event.set()
        self.exit(return_code=1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """At a kiosk the theme is for staff to choose (in the staff menu); the staff key is
        a kiosk's only."""
        if action == "toggle_contrast" and self.mode == "kiosk":
            return False
        if action == "staff" and self.mode != "kiosk":
            return False
        return super().check_action(action, parameters)

    def action_toggle_contrast(self) -> None:
        """Switch between the default and the high-contrast theme."""
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Links never open a browser: not at a kiosk, and not on a coordinator's desk."""

    async def action_quit(self) -> None:
        """Quit, after parking the open interview as F10 does (what is on screen kept, the
        draft marked parked, so no one is told it may still be open here); if it cannot be
        saved, say so and stay."""
        if self.interview is None or self._parked(self.interview):
            self.exit()

    # -- the flow ---------------------------------------------------------------------------------
    def new_call(self) -> None:
        """Phone mode: the welcome screen of a new interview, to read from."""
        self.interview = None
        self.language = self.start_language
        self.switch_screen(WelcomeScreen(self.language))

    def begin(self, language: str | None) -> None:
        """A new interview: consent comes next. Nothing is stored until consent is given."""
        from prescreen.core.interview import Interview
        from prescreen.tui.screens.consent import ConsentScreen

        self._let_removed_widgets_go()
        self.interview = Interview(
            self.question_set,
            mode=self.mode,
            language=language,
            interviewer=self.interviewer,
            clock=self.clock,
        )
        self.last_edited = None
        self.switch_screen(ConsentScreen())

    def accept_consent(self) -> None:
        """Consent given: claim a reference, save the first draft, ask the first question."""
        assert self.interview is not None
        self.interview.give_consent()
        self.save_draft()
        self.show_questions()

    def decline_consent(self) -> None:
        """Consent refused: forget everything and say so."""
        from prescreen.tui.screens.consent import DeclinedScreen

        self.interview = None
        self.switch_screen(DeclinedScreen())

    def show_questions(self, why: str | None = None) -> None:
        """The question screen at the interview's current question; `why` is said under its
        field (why the review sent the person there)."""
        from prescreen.tui.screens.question import QuestionScreen

        self._let_removed_widgets_go()
        self.switch_screen(QuestionScreen(why))

    def _let_removed_widgets_go(self) -> None:
        """Let go of what Textual 8.2 keeps of removed widgets, which a kiosk running all day
        would otherwise pile up (and which holds lines of earlier people's screens):

        - every widget that watched an app setting (a TextArea watches the theme), until
          that setting next changes;
        - the render caches of the last 1024 widgets drawn, in an `lru_cache` on a method;
        - Rich's cache of the widths of the last 4096 strings measured (answers among them).
        """
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if node is self or getattr(node, "is_attached", True)
            ]
        StylesCache.get_inner_outer.cache_clear()
        cached_cell_len.cache_clear()

    def show_review(self) -> None:
        """The review of all answers."""
        from prescreen.tui.screens.review import ReviewScreen

        self.switch_screen(ReviewScreen())

    def edit_from_review(self, qid: str, why: str | None = None) -> None:
        """Change one answer, then come back to review; `why` it must change, if it must."""
        assert self.interview is not None
        self.interview.jump(qid)
        self.return_to_review = True
        self.last_edited = qid
        self.show_questions(why)

    def _write_draft(self, interview: Interview) -> None:
        """Save a draft, claiming its reference first if that is not done (raises StoreError)."""
        if interview.reference not in self._claimed:
            # Claimed with the first save; if the store was unreachable, at the next one.
            self._claim_new_reference(interview)
        try:
            self.store.save_draft(interview.to_draft())
        except DraftConflict:
            # Someone else (another kiosk, a coordinator) wrote this draft since it was read
            # here. Keep both: these answers go on under a reference of their own.
            taken = interview.reference
            self._claim_new_reference(interview)
            interview.revision = 0
            self.store.save_draft(interview.to_draft())
            if self.mode == "phone":
                self.notify(
                    f"Draft {taken} was changed elsewhere while it was open here. Nothing is "
                    f"lost: these answers are now draft {interview.reference}; the other "
                    f"version stays as {taken}.",
                    title="Saved as a new draft",
                    severity="warning",
                    timeout=20,
                    markup=False,
                )
        interview.revision += 1

    def _claim_new_reference(self, interview: Interview) -> None:
        self._claimed.discard(interview.reference)
        interview.reference = self.store.new_reference()
        self._claimed.add(interview.reference)

    def save_draft(self) -> None:
        """Save the interview as a draft; on failure keep going and retry at the next answer."""
        if self.interview is None:
            return
        try:
            self._write_draft(self.interview)
        except StoreError as error:
            self.store_problem = str(error)
            if not self.unsaved:
                self._unsaved_notice = (
                    self.unsaved_for_staff() if self.mode == "phone" else self.say("save_failed")
                )
                self.notify(self._unsaved_notice, severity="warning", timeout=10, markup=False)
            self.unsaved = True
        else:
            if self.unsaved:
                self.withdraw(self._unsaved_notice)
                self.notify(self.say("saved_again"), timeout=6, markup=False)
            self.unsaved = False

    def unsaved_for_staff(self) -> str:
        """Why answers are not saved, for a coordinator or staff (a patient is told only to
        ask staff): where and why, and what not to do meanwhile."""
        return (
            f"The answers could not be saved: {self.store_problem}. They are kept in this "
            f"program and saving is tried again every {self.save_retry_seconds:g} seconds; "
            "keep it open until it says that saving works again (check the disk, or the store "
            "folder's permissions)."
        )

    def withdraw(self, message: str) -> None:
        """Take a notice that no longer holds off the screen (not others shown beside it)."""
        shown = visible_controls(message)
        for notification in list(self._notifications):
            if notification.message == shown:
                self._unnotify(notification)

    def _check_terminal(self) -> None:
        """Once a second: if the terminal has closed under the app (its window closed, the
        link to it dropped, while whatever started the app, such as make, stays and so no
        hang-up signal ends it), keep the open interview, with what is typed on screen, as a
        put-aside draft and stop. Left running, Textual would read the closed terminal in a
        loop, at full speed, with the interview unsaved."""
        if _terminal_open():
            return
        self._keep_open_interview("parked" if self.mode == "phone" else "timed_out")
        # Textual's own shutdown writes to the terminal to restore it, and with the terminal
        # gone it can stall for good: the interview is on disk by now, so the process ends
        # regardless after a few seconds.
        stop = threading.Timer(CLOSED_TERMINAL_GRACE, os._exit, args=(EXIT_TERMINAL_CLOSED,))
        stop.daemon = True
        stop.start()
        self.exit()

    def _retry_saving(self) -> None:
        """Every few seconds while saving fails: try again without waiting for an answer."""
        if self.unsaved and self.interview is not None:
            self.save_draft()

    def interrupt(
        self, flags: list[RaisedFlag], on_continue: Callable[[], Awaitable[None]]
    ) -> None:
        """Show urgent messages; then, as the interview says, end it or carry on."""

        async def acknowledged(_: None) -> None:
            assert self.interview is not None
            if self.interview.stopped_by is not None:
                self.submit()
            else:
                await on_continue()

        message = "\n\n".join(flag.message for flag in flags)
        self.drop_keys()  # an urgent message is read, never dismissed by keys typed ahead
        self.push_screen(UrgentNotice(message), acknowledged)

    def submit(self) -> None:
        """Write the application through the store, then show the reference code. If it cannot
        be written, the answers stay (and in the draft) and the person can try again."""
        from prescreen.core.interview import NotComplete
        from prescreen.tui.screens.done import DoneScreen

        interview = self.interview
        assert interview is not None
        self.drop_keys()
        # The last draft first: it claims the reference if the store was away, and if the
        # draft was changed elsewhere meanwhile, this interview goes on under a new reference
        # and the other is left alone (submitting removes only this interview's draft).
        self.save_draft()
        try:
            application = interview.submit()
            self.store.submit(application)
        except NotComplete:
            self.show_review()
            return
        except StoreError:
            self.save_draft()

            def retry(again: bool | None) -> None:
                if again:
                    self.submit()

            self.push_screen(
                ProblemNotice(self.say("write_failed"), retry=True),
                retry,
            )
            return
        outcome = interview.outcome()
        ended_early = application.status == "ended_early"
        self._claimed.discard(interview.reference)
        self.switch_screen(
            DoneScreen(
                interview.reference,
                outcome.next_steps,
                ended_early=ended_early,
                urgent=outcome.urgent_advice,
            )
        )
        self.interview = None

    def reset(self) -> None:
        """Back to a clean first screen for the next person: every dialog closed, every message
        gone, nothing of the last interview left on any screen."""
        self.interview = None
        self.return_to_review = False
        self.last_edited = None
        self.keyboard_wanted = False
        self.unsaved = False
        self.drop_keys()  # keys typed for the last person go nowhere
        self.clear_notifications()
        self.language = self.start_language
        for _ in range(len(self.screen_stack) - 2):
            self.pop_screen()
        self.switch_screen(self.first_screen())
        self.last_activity = monotonic()

    # -- a kiosk left alone -------------------------------------------------------------------
    def _at_rest(self) -> bool:
        """Whether the kiosk shows a fresh welcome screen and nothing else."""
        return (
            len(self.screen_stack) == 2
            and isinstance(self.screen, WelcomeScreen)
            and self.language == self.start_language
        )

    def watch_idle(self) -> None:
        """Kiosk, every tick: warn an idle person, then put the interview away; clear the end
        screen after a while; write interviews whose writing failed."""
        from prescreen.tui.screens.consent import DeclinedScreen
        from prescreen.tui.screens.done import DoneScreen

        self._write_waiting()
        times = self.kiosk_times
        idle = monotonic() - self.last_activity
        screen = self.top_screen
        if screen is None or not screen.is_mounted:
            return  # no screen yet or any more, or one still being built: the next tick
        if isinstance(screen, IdleWarning):
            left = times.idle_timeout - idle
            if left <= 0:
                self.put_away()
            else:
                screen.count(math.ceil(left))
            return
        if self._at_rest():
            return
        if isinstance(screen, DoneScreen | DeclinedScreen):
            left = times.done_timeout - idle
            if left <= 0:
                self.reset()
            elif isinstance(screen, DoneScreen):
                screen.count(math.ceil(left))
            return
        if idle >= times.idle_timeout - times.idle_warning:
            self.drop_keys()
            self.push_screen(IdleWarning(math.ceil(times.idle_timeout - idle)))

    def put_away(self, event: HistoryKind = "timed_out") -> None:
        """Keep the open interview (its draft; the application, if an urgent flag ended it) and
        clear the screen for the next person."""
        self._keep_open_interview(event)
        self.reset()

    def _keep_typing(self) -> None:
        """Save what is typed on the question screen (under any dialog), not yet sent, once
        typing has stopped for a moment: a program killed before Next then loses none of it.
        (One timer for the app: a timer of each question screen kept the closed screen, and
        the interview in its fields, in memory.)"""
        from prescreen.tui.screens.question import QuestionScreen

        for screen in self.screen_stack:
            if isinstance(screen, QuestionScreen) and self.interview is not None:
                screen.keep_typing()

    def _take_input_on_screen(self) -> None:
        """Give the interview what is on screen before it is put aside: the answer on the
        question screen (under any dialog), a choice ticked or a value typed but not yet sent
        with Next, and a note being written."""
        from prescreen.tui.screens.calls import NoteDialog
        from prescreen.tui.screens.question import QuestionScreen

        interview = self.interview
        if interview is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, QuestionScreen):
                screen.keep_input()
            elif isinstance(screen, NoteDialog) and (note := screen.typed()) is not None:
                interview.set_note(screen.question_id, note)

    def _keep_open_interview(self, event: HistoryKind) -> None:
        self._take_input_on_screen()
        interview, self.interview = self.interview, None
        if interview is not None and interview.consent_at is not None:
            interview.record(event)
            try:
                self._keep(interview)
            except StoreError as error:
                self.store_problem = str(error)
                self.waiting.append(interview)

    def _keep(self, interview: Interview) -> None:
        """Write an interview put aside: nothing if nothing was answered (its first draft is
        removed), the application if an urgent answer ended it, else its draft."""
        if interview.is_empty:
            if interview.reference in self._claimed:
                self.store.delete_draft(interview.reference)
                self._claimed.discard(interview.reference)
            return
        self._write_draft(interview)  # first, so a draft changed elsewhere is never lost
        if interview.stopped_by is not None:
            # If this fails the draft, which records the stop, is there: resuming it writes
            # the application.
            with contextlib.suppress(StoreError):
                self.store.submit(interview.submit())
        self._claimed.discard(interview.reference)

    def _write_waiting(self) -> None:
        for interview in list(self.waiting):
            with contextlib.suppress(StoreError):
                self._keep(interview)
                self.waiting.remove(interview)

    # -- staff at a kiosk -----------------------------------------------------------------------
    def action_staff(self) -> None:
        """The staff key: the PIN prompt, then the staff menu."""
        from prescreen.tui.screens.staff import StaffMenu, StaffPinPrompt

        if isinstance(self.screen, StaffPinPrompt | StaffMenu):
            return
        self.drop_keys()
        if self.pin_guard is None:
            self._staff_menu()
            return

        def checked(right: bool | None) -> None:
            if right:
                self._staff_menu()

        self.push_screen(StaffPinPrompt(self.pin_guard), checked)

    def _staff_menu(self) -> None:
        from prescreen.tui.screens.staff import StaffMenu

        async def chosen(choice: StaffChoice | None) -> None:
            if choice == "contrast":
                self.action_toggle_contrast()
            elif choice == "clear":
                self.put_away("parked")
            elif choice == "quit":
                self._keep_open_interview("parked")
                if self.waiting:
                    # Quitting now would lose them: the store must come back first.
                    self.reset()
                    self.push_screen(ProblemNotice(self.unsaved_for_staff()))
                else:
                    self.exit()

        menu = StaffMenu(
            pin_set=self.pin_guard is not None, high_contrast=self.theme == HIGH_CONTRAST.name
        )
        self.push_screen(menu, chosen)

    # -- calls on the phone ---------------------------------------------------------------------
    def park(self) -> bool:
        """Phone mode: save the open interview as a draft and go back to the list of calls;
        if it cannot be saved, stay with it and say so."""
        interview = self.interview
        if interview is not None and not self._parked(interview):
            return False
        self.reset()
        if interview is not None:
            who = interview.summary().name
            kept = "nothing was answered, so no draft was kept"
            if not interview.is_empty:
                kept = f"draft {interview.reference}" + (f" ({who})" if who else "")
            self.notify(f"Parked: {kept}.", timeout=5, markup=False)
        return True

    def _parked(self, interview: Interview) -> bool:
        """Keep the open interview as parked, with what is on screen; if it cannot be saved,
        say so (it stays open here) and give False."""
        if interview.consent_at is None:
            return True  # nothing is stored before consent
        self._take_input_on_screen()
        interview.record("parked")
        try:
            self._keep(interview)
        except StoreError as error:
            self.store_problem = str(error)
            interview.history.pop()  # not parked after all
            self.save_draft()  # says so, once
            self.push_screen(ProblemNotice(self.unsaved_for_staff()))
            return False
        return True

    def ask_new_call(self) -> None:
        """Phone mode: a new call while an interview is open; park it first, or stay."""
        from prescreen.tui.screens.calls import NewCallDialog

        interview = self.interview
        if interview is None:
            self.new_call()
            return

        def answered(park: bool | None) -> None:
            if park and self.park():
                self.new_call()

        self.drop_keys()
        self.push_screen(NewCallDialog(interview.reference, interview.summary().name), answered)

    def resume_draft(self, reference: str) -> None:
        """Phone mode: carry on with a draft chosen from the list (a call that dropped, or a
        form left at a kiosk), at the question where it stopped."""
        from prescreen.core.interview import Interview

        try:
            draft = self.store.load_draft(reference)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=15, markup=False)
            return
        if draft.question_set.id != self.question_set.id:
            self.notify(
                f"Draft {draft.id} answers the question set '{draft.question_set.id}', not "
                f"'{self.question_set.id}': open it with that set (prescreen run --questions).",
                severity="error",
                timeout=15,
                markup=False,
            )
            return

        def carry_on(here: bool | None = True) -> None:
            if here:
                self.resume(
                    *Interview.resume(
                        self.question_set,
                        draft,
                        mode="phone",
                        interviewer=self.interviewer,
                        clock=self.clock,
                    )
                )

        where = draft.open_elsewhere(self.clock())
        if where is None:
            carry_on()
        else:
            from prescreen.tui.screens.calls import OpenElsewhereDialog

            self.push_screen(OpenElsewhereDialog(draft.id, where), carry_on)


def _asks_questions(screen: object) -> bool:
    """Whether this is the question screen (keys typed ahead are held for it)."""
    from prescreen.tui.screens.question import QuestionScreen

    return isinstance(screen, QuestionScreen)


def run_app(
    question_set: QuestionSet,
    store: Store,
    *,
    mode: Mode = "kiosk",
    interviewer: str | None = None,
    language: str | None = None,
    resume: tuple[Interview, list[str]] | None = None,
    kiosk_times: KioskTimes = KIOSK_DEFAULTS,
    staff_pin_hash: str | None = None,
    high_contrast: bool = False,
) -> int:
    """Run the interview screens until the person or staff quit; the exit code. With `resume`
    (an interview from a draft and its notices), start at the question where it stopped."""
    app = PrescreenApp(
        question_set,
        store,
        mode=mode,
        interviewer=interviewer,
        language=language,
        resume=resume,
        kiosk_times=kiosk_times,
        staff_pin_hash=staff_pin_hash,
        high_contrast=high_contrast,
    )
    app.run()
    if app.failure is None:
        return 0
    print(farewell(app, write_crash_report(app.failure)), file=sys.stderr)
    return 1


def farewell(app: PrescreenApp, report: Path | None) -> str:
    """What to say after an unexpected error stopped the app: calm, with where things are."""
    lines = ["prescreen stopped because of an unexpected problem. We are sorry."]
    if app.interview is not None and app.interview.consent_at is not None:
        state = "could not be saved" if app.unsaved else "are saved"
        lines.append(f"The answers given so far {state} as draft {app.interview.reference}.")
    if report is not None:
        lines.append(f"A report for the maintainers (no answers in it) is in {report}.")
    return "\n".join(lines)
