"""The PySide6 desktop studio. Only this package imports Qt."""
