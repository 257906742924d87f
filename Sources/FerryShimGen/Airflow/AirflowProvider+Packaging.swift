extension AirflowProvider {
    /// `pyproject.toml`: the distribution, its `apache_airflow_provider` entry point and its packages.
    var pyproject: String {
        banner + """

        [build-system]
        requires = ["setuptools>=64"]
        build-backend = "setuptools.build_meta"

        [project]
        name = \(PythonText.string(Self.distribution))
        version = \(PythonText.string(contract.ferryVersion))
        description = \(PythonText.string(summary))
        readme = "README.md"
        requires-python = ">=3.9"
        dependencies = ["apache-airflow>=2.10"]
        classifiers = [
            "Framework :: Apache Airflow",
            "Framework :: Apache Airflow :: Provider",
        ]

        [project.optional-dependencies]
        openlineage = ["apache-airflow-providers-openlineage>=1.8"]

        [project.urls]
        Homepage = \(PythonText.string(Self.homepage))

        [project.entry-points.apache_airflow_provider]
        provider_info = "\(Self.package).provider_info:get_provider_info"

        [tool.setuptools.packages.find]
        include = ["\(Self.package)", "\(Self.package).*"]

        """
    }

    /// `ferry_provider/__init__.py`: the version, and `FerryOperator` imported on first use, so that
    /// Airflow reading the provider's metadata imports nothing else.
    var packageInit: String {
        banner + """
        \"\"\"Apache Airflow provider for Ferry (contract v\(contract.contractVersion)).

        ``from \(Self.package) import FerryOperator`` (or ``FerryHook`` for ``@task`` code). Importing the
        package has no side effects: the operator, the hook and the exceptions are imported on first use.
        \"\"\"

        from __future__ import annotations

        from typing import Any

        __version__ = \(PythonText.string(contract.ferryVersion))
        __all__ = ["FerryHook", "FerryOperator", "FerryRunError", "FerryRunFatalError", "__version__"]


        def __getattr__(name: str) -> Any:
            if name == "FerryOperator":
                from \(Self.package).operators.ferry import FerryOperator

                return FerryOperator
            if name == "FerryHook":
                from \(Self.package).runtime.hook import FerryHook

                return FerryHook
            if name in ("FerryRunError", "FerryRunFatalError"):
                from \(Self.package).runtime import errors

                return getattr(errors, name)
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

        """
    }

    /// `ferry_provider/provider_info.py`: what Airflow's providers manager reads through the entry point.
    var providerInfo: String {
        banner + """
        \"\"\"The provider's metadata, read by Airflow through the ``apache_airflow_provider`` entry point.\"\"\"

        from __future__ import annotations

        from typing import Any


        def get_provider_info() -> dict[str, Any]:
            \"\"\"The provider's name, version, integration and operator modules.\"\"\"
            return {
                "package-name": \(PythonText.string(Self.distribution)),
                "name": "Ferry",
                "description": \(PythonText.string(summary)),
                "versions": [\(PythonText.string(contract.ferryVersion))],
                "integrations": [
                    {
                        "integration-name": "Ferry",
                        "external-doc-url": \(PythonText.string(Self.homepage)),
                        "tags": ["software"],
                    }
                ],
                "operators": [
                    {
                        "integration-name": "Ferry",
                        "python-modules": ["\(Self.package).operators.ferry"],
                    }
                ],
            }

        """
    }

    /// `ferry_provider/operators/__init__.py`.
    var operatorsInit: String {
        banner + """
        \"\"\"Ferry's Airflow operators.\"\"\"

        from __future__ import annotations

        from \(Self.package).operators.ferry import FerryOperator

        __all__ = ["FerryOperator"]

        """
    }
}
