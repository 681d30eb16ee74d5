"""Public face of entity resolution (the code lives in the kg/resolution/ subpackage):
`Resolver(resources).resolve(extractions) -> Resolution`, `Resolver.from_data_files()`,
and `resolve(extractions)` with the tables in kg/data."""

from kg.resolution.resolver import Resolver, Resources, default_resolver, resolve

__all__ = ["Resolver", "Resources", "default_resolver", "resolve"]
