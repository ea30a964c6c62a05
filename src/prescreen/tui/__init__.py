"""The Textual screens: a thin layer that asks the Interview what to show and hands it input."""
