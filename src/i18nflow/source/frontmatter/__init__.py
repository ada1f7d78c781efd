"""Front matter: values at key paths as segments, and edits that write a translation back in place.

``header`` is the interface (extraction and render use only it); ``yaml_block``, ``toml_block``
and ``json_block`` are the formats, each parsing with positions and quoting a value as its
format needs; ``keypaths`` is the path rule they share; ``shape`` verifies a rendered header;
``metadata`` reads plain values where no positions are needed (pairing files on import).
"""
