"""readout-watch: finds where governments' readouts of the same call or meeting diverge."""

__version__ = "0.1.0"
