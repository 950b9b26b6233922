"""Questionnaire definitions: loading and validating the JSON, the question types, and the
journey through the pages. No storage and no Flask."""
