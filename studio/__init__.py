"""Product Video Studio: product photos and bullets in, a finished product video out, offline."""

__version__ = "0.1.0"
