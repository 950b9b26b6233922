"""One home per question type: how its definition is checked, how a posted answer is
read and validated, and how an answer is shown back to the person.

An answer is always a list of strings: the chosen option ids, or one text (empty when
the question was not answered).
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from engage.web.errors import Tampered

NOT_ANSWERED = _l("Not answered")


# The pictures and easy-read words of the answers every questionnaire may add (`extra_option`).
EXTRA_PICTURES = {"prefer_not_to_say": "prefer-not-to-say.svg", "dont_know": "dont-know.svg"}
EXTRA_EASYREAD_WORDS = {"prefer_not_to_say": "I don't want to answer", "dont_know": "I don't know"}


def extra_option(kind, easyread=False):
    from engage.questionnaires.definitions import Option

    if kind == "prefer_not_to_say":
        return Option(kind, _l("I don't want to answer") if easyread else _l("Prefer not to say"), EXTRA_PICTURES[kind])
    return Option(kind, _l("I don't know") if easyread else _l("I do not know"), EXTRA_PICTURES[kind])


class ChoiceType:
    multiple = False
    scale = False

    def check(self, q):
        if "options" not in q:
            yield "", "a choice question needs options"
        elif len({o["id"] for o in q["options"]}) != len(q["options"]):
            yield ".options", "option ids are not unique"
        if any(o["id"] in ("prefer_not_to_say", "dont_know") for o in q.get("options", [])):
            yield ".options", "prefer_not_to_say and dont_know are added by extra_option, not listed"
        if "max_length" in q:
            yield ".max_length", "only text questions have max_length"
        if "max_choices" in q and not self.multiple:
            yield ".max_choices", "only multiple_choice questions have max_choices"

    def parse(self, question, values):
        values = [v for v in values if v != ""]
        if len(values) > 1 and not self.multiple:
            raise Tampered(f"{question.id}: more than one answer to a single-choice question")
        if len(set(values)) != len(values):
            raise Tampered(f"{question.id}: the same option twice")
        known = {o.id for o in question.all_options()}
        for value in values:
            if value not in known:
                raise Tampered(f"{question.id}: no option '{value[:40]}'")
        return values

    def messages(self, question, easyread=False):
        """The person-level error messages this question can show, by rule."""
        if easyread:
            return {"required": _l("Choose an answer")}
        return {"required": _l("Select an answer to ‘%(text)s’", text=question.text)}

    def problem(self, question, values, easyread=False):
        if not values and question.required:
            return self.messages(question, easyread)["required"]
        return None

    def display(self, question, values, easyread=False):
        if not values:
            return NOT_ANSWERED
        labels = {o.id: o.label for o in question.options}
        if question.extra_option in values:  # made only when chosen: its label is translated
            labels[question.extra_option] = extra_option(question.extra_option, easyread).label
        return ", ".join(str(labels[v]) for v in values)


class MultipleChoiceType(ChoiceType):
    multiple = True

    def messages(self, question, easyread=False):
        found = {}
        if question.extra_option:
            label = question.all_options(easyread)[-1].label
            found["exclusive"] = (
                _l("‘%(label)s’ goes on its own. Untick it to choose other answers.", label=label) if easyread
                else _l("Choose ‘%(label)s’ on its own, or untick it", label=label)
            )
        if question.max_choices:
            found["too_many"] = (
                _l("You can choose up to %(n)d answers. Untick one to choose another.", n=question.max_choices) if easyread
                else _l("Select no more than %(n)d answers to ‘%(text)s’", n=question.max_choices, text=question.text)
            )
        if easyread:
            found["required"] = (_l("Choose an answer. You can choose up to %(n)d.", n=question.max_choices)
                                 if question.max_choices else _l("Choose an answer. You can choose more than one."))
        else:
            found["required"] = _l("Select at least one answer to ‘%(text)s’", text=question.text)
        return found

    def problem(self, question, values, easyread=False):
        messages = self.messages(question, easyread)
        if question.extra_option in values and len(values) > 1:
            return messages["exclusive"]
        if question.max_choices and len(values) > question.max_choices:
            return messages["too_many"]
        if not values and question.required:
            return messages["required"]
        return None

    def check(self, q):
        yield from super().check(q)
        if q.get("max_choices", 0) > len(q.get("options", [])):
            yield ".max_choices", "max_choices is more than the number of options"


class ScaleType(ChoiceType):
    scale = True

    def check(self, q):
        yield from super().check(q)
        if len(q.get("options", [])) not in (3, 5):
            yield ".options", "a scale has 3 or 5 options"


class TextType:
    multiple = False
    scale = False

    def __init__(self, default_max_length):
        self.default_max_length = default_max_length

    def max_length(self, question):
        return question.max_length or self.default_max_length

    def check(self, q):
        for key in ("options", "max_choices", "extra_option"):
            if key in q:
                yield f".{key}", f"a text question has no {key}"
        if q.get("max_length", 0) > 5000:
            yield ".max_length", "max_length is at most 5000"

    def parse(self, question, values):
        if len(values) > 1:
            raise Tampered(f"{question.id}: more than one text")
        text = values[0].replace("\r\n", "\n").strip() if values else ""
        if "\x00" in text:
            raise Tampered(f"{question.id}: a null character")
        return [text] if text else []

    def messages(self, question, easyread=False):
        limit = self.max_length(question)
        if easyread:
            return {
                "required": _l("Write an answer"),
                "too_long": _l("Your answer is too long. Use %(n)d letters or fewer.", n=limit),
            }
        return {
            "required": _l("Enter an answer to ‘%(text)s’", text=question.text),
            "too_long": _l("Your answer to ‘%(text)s’ must be %(n)d characters or fewer", text=question.text, n=limit),
        }

    def problem(self, question, values, easyread=False):
        if not values:
            return self.messages(question, easyread)["required"] if question.required else None
        if len(values[0]) > self.max_length(question):
            return self.messages(question, easyread)["too_long"]
        return None

    def display(self, question, values, easyread=False):
        return values[0] if values else NOT_ANSWERED


TYPES: dict[str, Any] = {
    "single_choice": ChoiceType(),
    "multiple_choice": MultipleChoiceType(),
    "scale": ScaleType(),
    "short_text": TextType(200),
    "long_text": TextType(5000),
}
