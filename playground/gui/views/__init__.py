"""The built-in views of the main window: loss, weights, predictions."""
