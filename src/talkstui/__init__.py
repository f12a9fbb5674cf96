"""talkstui: follow a developing news story across many outlets, in the terminal."""

__version__ = "0.1.0"
