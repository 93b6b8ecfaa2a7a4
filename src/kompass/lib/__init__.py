"""The input toolkit: everything that reads what users hand in, free of Django.

`problems` collects what is wrong (file, row, field, message) and raises it all at once;
`numbers` reads and checks numbers (finite, within `MAX_MAGNITUDE`) and formats them the
Swedish way; `yamlfile` and `jsonfile` load files with limits on nesting and alias
expansion; `tables` reads CSV and XLSX into a frame with the file's row numbers. The
apps, the command line, the API and `kompass.analytics` all read input through here, so
a hostile file is refused the same way everywhere.
"""
