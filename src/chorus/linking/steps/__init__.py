"""The cross-article steps, one module each; a module that declares a ``STEP`` is registered
by being here (``chorus.linking.registry``)."""
