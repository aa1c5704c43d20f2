"""Next Step: a career-conversation assistant for product managers."""

__version__ = "0.1.0"
