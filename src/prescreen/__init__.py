"""prescreen: terminal pre-screening interviews driven by declarative question sets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("prescreen")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
