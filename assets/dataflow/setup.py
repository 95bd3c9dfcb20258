"""Packages iris_preprocess for a Beam run with --setup_file from a machine that reaches PyPI.
The platform's Dataflow jobs do not use it: the Flex Template image (assets/containers/dataflow)
has the package and its pins installed, because its workers cannot reach PyPI."""

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
