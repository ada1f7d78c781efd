"""Front matter values as segments, and edits that write a translated value back in place.

- ``yaml_block``: YAML read with libyaml's composer (node positions), values re-quoted in the
  source's style; also the few TOML edits (``lang``) render makes.
"""
