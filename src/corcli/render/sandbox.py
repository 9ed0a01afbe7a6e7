"""A Jinja2 sandbox with limits, for templates the user gives with ``--template-dir``.

Why: Jinja2's sandbox stops a template from reaching Python internals, but not from spending the
machine: ``range(10**5)`` nested, ``7 ** (10 ** 9)`` or ``'x' * 10**9`` run for minutes or take
gigabytes. Here ``range`` is capped, ``**`` and ``*`` refuse results past a size, calls and filters
refuse huge counts, output is capped, and rendering stops at a deadline (checked in every loop over a
``range`` and between output chunks).
"""

from __future__ import annotations

import functools
import operator
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

MAX_RANGE = 10_000
"""Items one ``range()`` may produce (the manual's own loops need a few hundred)."""
MAX_SIZE = 2 * 1024 * 1024
"""Characters or items one ``*`` or a count argument may ask for, and the size of the output."""
MAX_POWER_BITS = 4096
"""Size of an integer ``**`` may produce."""
RENDER_SECONDS = 10.0
"""How long one template may render."""


class TemplateLimitError(SecurityError):
    """A user template went past one of the sandbox's limits."""


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox that also bounds time, output, ranges, powers and repetitions."""

    intercepted_binops = frozenset({"**", "*"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = 0.0
        self.globals["range"] = self._range
        self.globals["lipsum"] = _bounded_lipsum(generate_lorem_ipsum)
        self.filters = {name: _bounded_filter(function) for name, function in self.filters.items()}

    def start(self) -> None:
        """Start the render clock."""
        self.deadline = time.monotonic() + RENDER_SECONDS

    def check_time(self) -> None:
        """Stop a render that runs past its deadline."""
        if self.deadline and time.monotonic() > self.deadline:
            raise TemplateLimitError(f"the template ran longer than {RENDER_SECONDS:g} seconds")

    def _range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimitError(f"range() of {len(numbers):,} items; at most {MAX_RANGE:,} are allowed")
        for number in numbers:
            self.check_time()
            yield number

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """Refuse a ``**`` or ``*`` whose result would be huge, before computing it."""
        self.check_time()
        if operator_name == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                bits = max(left.bit_length(), 1) * right
                if abs(left) > 1 and bits > MAX_POWER_BITS:
                    raise TemplateLimitError(f"{left} ** {right} is too large a number")
            return operator.pow(left, right)
        if operator_name == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            return operator.mul(left, right)
        return super().call_binop(context, operator_name, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Refuse calls with huge counts (``'x'.ljust(10**9)``, ``'{:>9999999999}'.format(1)``)."""
        __self.check_time()
        _check_counts(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _bounded_lipsum(lipsum: Callable[..., Any]) -> Callable[..., Any]:
    """``lipsum`` with at most 100 paragraphs of at most 1,000 words."""

    def bounded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
        if n > 100 or max > 1000:
            raise TemplateLimitError("lipsum() may make at most 100 paragraphs of at most 1,000 words")
        return lipsum(n, html, min, max)

    return bounded


def _check_repeat(sequence: Any, count: Any) -> None:
    if isinstance(sequence, str | list | tuple) and isinstance(count, int) and len(sequence) * count > MAX_SIZE:
        raise TemplateLimitError(f"repeating {len(sequence):,} items {count:,} times is too large")


def _check_counts(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise TemplateLimitError(f"the number {value:,} is too large for a template")
        if isinstance(value, str) and len(value) > MAX_SIZE:
            raise TemplateLimitError("a text argument is too large for a template")


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so it refuses huge counts (``center(10**9)``, ``indent(10**9)``)."""

    @functools.wraps(function)  # keeps jinja_pass_arg, so context/environment filters still work
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_counts(args[1:], kwargs)
        return function(*args, **kwargs)

    return bounded


def render_bounded(environment: Any, template: Any, context: Mapping[str, Any]) -> str:
    """Render ``template``; in a ``BoundedSandbox`` within its deadline and output limit."""
    if not isinstance(environment, BoundedSandbox):
        return str(template.render(dict(context)))
    environment.start()
    try:
        parts: list[str] = []
        size = 0
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > MAX_SIZE:
                raise TemplateLimitError(f"the template wrote more than {MAX_SIZE:,} characters")
            environment.check_time()
            parts.append(chunk)
        return "".join(parts)
    finally:
        environment.deadline = 0.0


__all__ = ["MAX_RANGE", "MAX_SIZE", "RENDER_SECONDS", "BoundedSandbox", "TemplateLimitError", "render_bounded"]
