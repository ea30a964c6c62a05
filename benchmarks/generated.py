"""Large question sets made to order: sections of 20 questions of four kinds, a quarter of
them shown only under a condition on an earlier answer, and some flags."""

from __future__ import annotations

import random
from typing import Any

import yaml

PER_SECTION = 20
CHOICES = [{"value": v, "label": v.title()} for v in ("red", "green", "blue")]


def generated_set(
    questions: int, conditions: int | None = None, *, seed: int = 7
) -> dict[str, Any]:
    """A valid question set of `questions` questions, `conditions` of them (a quarter by
    default) with a `show_if` on an earlier question, and one flag per 100 questions."""
    conditions = questions // 4 if conditions is None else conditions
    rng = random.Random(seed)
    gates: list[str] = []
    choices: list[str] = []
    numbers: list[str] = []
    sections: list[dict[str, Any]] = []
    placed = 0
    for s in range(max(questions // PER_SECTION, 1)):
        items: list[dict[str, Any]] = []
        for j in range(min(PER_SECTION, questions)):
            n = s * PER_SECTION + j
            qid = f"q{n:05d}"
            item: dict[str, Any] = {"id": qid, "text": f"Question {n}: how is item {n}?"}
            kind = n % 4
            if kind == 0:
                item["type"] = "yes_no"
            elif kind == 1:
                item.update(type="text", max_length=80)
            elif kind == 2:
                item.update(
                    type="integer",
                    constraints=[{"min": 0, "max": 1000, "message": "From 0 to 1000."}],
                )
            else:
                item.update(type="single_choice", choices=CHOICES)
            # Spread the conditions evenly over the set.
            if gates and placed < conditions and (n + 1) * conditions >= (placed + 1) * questions:
                item["show_if"] = _condition(rng, gates, choices, numbers)
                placed += 1
            items.append(item)
            {0: gates, 2: numbers, 3: choices}.get(kind, []).append(qid)
        sections.append({"id": f"s{s:04d}", "title": f"Section {s}", "questions": items})
    flags = [
        {
            "id": f"flag_{k}",
            "severity": "review",
            "message": f"Look at answer {gate}.",
            "when": {"question": gate, "equals": "yes"},
        }
        for k, gate in enumerate(gates[:: max(len(gates) // max(questions // 100, 1), 1)])
    ]
    return {
        "id": f"generated_{questions}",
        "version": "1",
        "title": f"A generated set of {questions} questions",
        "consent": {"statement": "You agree."},
        "sections": sections,
        "flags": flags,
    }


def _condition(
    rng: random.Random, gates: list[str], choices: list[str], numbers: list[str]
) -> dict[str, Any]:
    """A condition on recent earlier answers, of the kinds authors write."""
    kind = rng.randrange(4)
    gate = rng.choice(gates[-40:])
    if kind == 0 or not choices or not numbers:
        return {"question": gate, "equals": "yes"}
    if kind == 1:
        return {"question": rng.choice(choices[-40:]), "one_of": ["red", "blue"]}
    if kind == 2:
        return {"question": rng.choice(numbers[-40:]), "at_least": 500}
    return {
        "any": [
            {"question": gate, "equals": "no"},
            {"all": [{"question": rng.choice(choices[-40:]), "equals": "green"}]},
        ]
    }


class _Dumper(yaml.SafeDumper):
    """Writes every value out in full: question sets refuse anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def generated_yaml(questions: int, conditions: int | None = None) -> str:
    """The generated set as the YAML text a file would hold."""
    data = generated_set(questions, conditions)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=100)


def answer_for(question_type: str, n: int) -> Any:
    """A valid answer to a generated question, varied with `n`."""
    if question_type == "yes_no":
        return "yes" if n % 3 else "no"
    if question_type == "text":
        return f"Answer {n}"
    if question_type == "integer":
        return (n * 37) % 1000
    return ("red", "green", "blue")[n % 3]
