"""Co-produced engagement: questionnaires, polls and reports for UK councils."""
