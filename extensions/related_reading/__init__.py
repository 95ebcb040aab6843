"""related_reading."""
