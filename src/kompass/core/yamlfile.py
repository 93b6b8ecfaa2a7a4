"""Moved to `kompass.lib.yamlfile` (YAML with alias and nesting limits). This name stays
only so that work written against it before the move still imports; new code imports
`kompass.lib.yamlfile`."""

from kompass.lib.yamlfile import YamlLines, format_path, load_yaml  # noqa: F401
