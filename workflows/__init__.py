"""The processes and their pages: one package per route, shared pages beside them."""

import importlib


def lazy_flow(package: str, class_name: str):
    """A route package's module `__getattr__` that imports its flow class on first use. Processes store
    their flow as "workflows/<route>.<Class>" (viewflow's reference, from the class's __module__), and
    viewflow imports that string back from the package."""

    def __getattr__(name):
        if name == class_name:
            return getattr(importlib.import_module(f"{package}.flow"), class_name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
