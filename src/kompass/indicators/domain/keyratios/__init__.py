"""Key-ratio tables: a definition in YAML, figures imported from CSV or XLSX, and the
comparison across organisations with derived ratios, targets and comparability notes.

One module per step: `definitions` (a table from its YAML file or the table form),
`importing` (figures from CSV or XLSX in three layouts, all or nothing) and `comparisons`
(one year across organisations, as data for the page, the report, the API and the
command). The names below are the public face of the three.
"""

from kompass.indicators.domain.keyratios.comparisons import (
    Comparison,
    ComparisonRow,
    Figure,
    comparison,
    comparison_data,
    definition,
    figures_for,
    table_years,
)
from kompass.indicators.domain.keyratios.definitions import (
    KOLADA_SLUG,
    define_table,
    save_definition,
)
from kompass.indicators.domain.keyratios.importing import (
    ImportResult,
    Record,
    detect_layout,
    import_values,
    store_records,
)

__all__ = [
    "KOLADA_SLUG",
    "Comparison",
    "ComparisonRow",
    "Figure",
    "ImportResult",
    "Record",
    "comparison",
    "comparison_data",
    "define_table",
    "definition",
    "detect_layout",
    "figures_for",
    "import_values",
    "save_definition",
    "store_records",
    "table_years",
]
