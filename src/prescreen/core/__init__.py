"""The questionnaire engine: pure Python, no terminal. Nothing here imports textual or rich."""
