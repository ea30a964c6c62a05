"""prescreen: terminal pre-screening interviews driven by declarative question sets."""

import os

__version__ = "0.1.0"
"""Written here, not read from the installed metadata: importlib.metadata costs a kiosk's
start 15 ms and 1.3 MiB."""

os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
"""No Pydantic plugin runs in prescreen: a plugin is handed every value validated, patients'
answers included, by whatever package installed it. (Looking them up also cost 40 ms at each
start, reading the metadata of every installed package.)"""
