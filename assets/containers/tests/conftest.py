# The fixtures live in containers_support.py: test modules import helpers from there, because
# "conftest" is a name every tests folder of this suite shares (pytest keeps only one in
# sys.modules), so `from conftest import ...` would reach another folder's.
from containers_support import fake_gcs, gcs_bucket, split, trained_model  # noqa: F401
