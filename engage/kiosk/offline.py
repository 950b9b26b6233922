"""What an offline tablet needs to run a questionnaire on its own: the definition's
pages, conditions, rules and messages, in the same words the server uses; and the file
format a facilitator saves waiting answers in."""

import json

FILE_FORMAT = "engage-offline-answers"
FILE_VERSION = 1


def client_definition(questionnaire):
    easyread = questionnaire.easyread
    return {
        "id": questionnaire.id,
        "pages": [
            {"id": page.id, "questions": [client_question(q, easyread) for q in page.questions]}
            for page in questionnaire.pages
        ],
    }


def client_question(question, easyread):
    return {
        "id": question.id,
        "text": question.text,
        "type": question.type,
        "required": question.required,
        "max_choices": question.max_choices,
        "max_length": question.kind.max_length(question) if not question.options else None,
        "extra_option": question.extra_option,
        "show_if": {"question": question.show_if.question, "any_of": list(question.show_if.any_of)}
        if question.show_if else None,
        "labels": {o.id: str(o.label) for o in question.all_options(easyread)},
        "messages": {rule: str(text) for rule, text in question.kind.messages(question, easyread).items()},
    }


class FileError(ValueError):
    """An uploaded file that is not a saved-answers file."""


def read_file(raw: bytes):
    """The items of a saved-answers file, or FileError with a readable reason."""
    try:
        doc = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise FileError("This file is not a saved-answers file: it is not JSON.")
    except RecursionError:
        raise FileError("This file is not a saved-answers file: it is nested too deeply.")
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise FileError("This file is not a saved-answers file from a kiosk tablet.")
    if doc.get("version") != FILE_VERSION or not isinstance(doc.get("items"), list):
        raise FileError("This saved-answers file is from a version this service cannot read.")
    return doc["items"]
