"""Concept-view tests never read or write the user's own files (settings, saved runs, presets)."""

import tempfile

from PySide6.QtCore import QSettings, QStandardPaths

QStandardPaths.setTestModeEnabled(True)
_settings_dir = tempfile.mkdtemp(prefix="nn-playground-settings-")
for _format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
    QSettings.setPath(_format, QSettings.Scope.UserScope, _settings_dir)
