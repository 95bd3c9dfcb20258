"""Packages iris_preprocess for Dataflow workers (--setup_file): they install it and its pins."""

import setuptools

setuptools.setup(
    name="iris-preprocess",
    version="0.1.0",
    packages=["iris_preprocess"],
    package_data={"": []},
    # the workers run the same TFDV as the tests (requirements/dataflow.txt); Beam itself comes
    # with the Dataflow worker image of the launching SDK's version
    install_requires=["tensorflow-data-validation==1.16.1"],
)
