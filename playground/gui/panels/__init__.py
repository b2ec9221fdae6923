"""The settings panels on the left of the main window: Model, Training, Data."""
