"""Turn whatever the user passed into a clean (n_samples, n_features) float64 array.

Every rejection names the problem and the fix: a notebook user should never
see a kernel crash, a hang or a silently wrong answer because of their input.
"""

from __future__ import annotations

import numbers

import numpy as np

METRICS = ("euclidean", "cosine")
_SHOW = 5  # how many offending indices an error message lists
COPY_BYTES = 32 << 20  # rows copied per slice: Python regains control (Ctrl-C) between slices


def as_data_matrix(data, keep_float32: bool = False, tick=None) -> np.ndarray:
    """Validate ``data`` and return a new C-contiguous float64 (n, d) array
    (float32 when ``keep_float32`` and the data is float32 or float16: a
    1M x 512 float32 embedding is 2 GB, its float64 copy 4 GB more).

    Always a copy: read-only and memory-mapped inputs work, and the caller's
    array is never modified. ``tick`` (a fit's ``Progress.tick``) is called between slices.
    """
    if data is None:
        raise TypeError("data is None: pass a (n_samples, n_features) array of numbers.")
    columns = None
    if _is_sparse(data):
        raise TypeError(
            "sparse matrices are not supported: pass a dense array, for example X.toarray() "
            "(or reduce the features first, for example with TruncatedSVD)."
        )
    if _is_dataframe(data):
        from pandas.api.types import is_bool_dtype, is_complex_dtype, is_numeric_dtype

        columns = list(data.columns)
        for j, name in enumerate(columns):
            dtype = data.iloc[:, j].dtype
            if is_complex_dtype(dtype) or not (is_numeric_dtype(dtype) or is_bool_dtype(dtype)):
                raise TypeError(
                    f"column {name!r} has dtype {dtype}, which is not a real number type: "
                    "drop it or encode it as numbers first (for example df.drop(columns=[...]))."
                )
        # nullable dtypes (Int64, Float64, boolean): missing values become NaN, reported below
        data = data.to_numpy(dtype=np.float64, na_value=np.nan)
    elif not isinstance(data, np.ndarray):
        try:
            data = np.asarray(data)
        except ValueError as e:  # ragged lists of lists
            raise ValueError(
                f"could not build a 2-D array from the data ({e}); every row must have the same number of features."
            ) from None
    if data.dtype.names is not None:
        raise TypeError(
            "structured/record arrays are not supported: pass a plain 2-D numeric array, "
            "for example rfn.structured_to_unstructured(arr)."
        )
    if data.ndim != 2:
        hint = "X.reshape(len(X), -1)"
        raise ValueError(
            f"expected a 2-D array of shape (n_samples, n_features), got {data.ndim}-D with shape "
            f"{data.shape}. Flatten each sample into one row first: {hint} "
            "(images of shape (n, h, w) or (n, h, w, c) become (n, h*w*c))."
        )
    n, d = data.shape
    if n > 0 and d == 0:
        raise ValueError(f"the data has {n} samples but no features (shape {data.shape}).")
    _check_dtype(data, columns)
    narrow = keep_float32 and data.dtype in (np.float32, np.float16)
    X = _copy_in_slices(data, np.float32 if narrow else np.float64, tick)
    _check_finite(X)
    X += 0.0  # turns -0.0 into 0.0 so that equal rows are bit-identical
    return X


def _is_dataframe(obj) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "to_numpy")


def _is_sparse(obj) -> bool:
    return hasattr(obj, "tocsr") and hasattr(obj, "toarray") and hasattr(obj, "nnz")


def _column_name(columns, j) -> str:
    return repr(columns[j]) if columns is not None else str(j)


def _check_dtype(data: np.ndarray, columns) -> None:
    kind = data.dtype.kind
    if kind in "biuf":
        return
    if kind == "c":
        j = max(0, _first_column(data, lambda col: np.any(np.imag(col) != 0)))
        raise TypeError(
            f"column {_column_name(columns, j)} holds complex numbers ({data.dtype}): split them into "
            "real features first, for example np.hstack([X.real, X.imag])."
        )
    if kind in "USa":
        raise TypeError(
            f"column {_column_name(columns, 0)} holds strings ({data.dtype}): encode text as numbers "
            "(for example with an embedding model) before clustering."
        )
    if kind == "O":
        j = _first_column(data, lambda col: not _all_real_numbers(col))
        if j < 0:
            return  # an object array that holds only real numbers
        bad = next(v for v in data[:, j] if not _is_real_number(v))
        raise TypeError(
            f"column {_column_name(columns, j)} holds a non-numeric value {bad!r} "
            f"({type(bad).__name__}): every feature must be a real number."
        )
    raise TypeError(f"unsupported dtype {data.dtype}: pass real numbers (int, bool or float).")


def _is_real_number(v) -> bool:
    return isinstance(v, (numbers.Real, np.bool_)) and not isinstance(v, (str, bytes))


def _all_real_numbers(col) -> bool:
    return all(_is_real_number(v) for v in col)


def _first_column(data, is_bad) -> int:
    for j in range(data.shape[1]):
        if is_bad(data[:, j]):
            return j
    return -1


def _copy_in_slices(data: np.ndarray, dtype, tick) -> np.ndarray:
    """A C-contiguous copy as ``dtype``, a slice of rows at a time: one copy of a 1M x 256
    matrix is a single C call of seconds where fresh memory is slow to map, and Ctrl-C
    would wait for it."""
    X = np.empty(data.shape, dtype=dtype)
    step = max(1, COPY_BYTES // max(1, X.itemsize * data.shape[1]))
    for s in range(0, len(X), step):
        X[s : s + step] = data[s : s + step]
        if tick is not None:
            tick()
    return X


def _check_finite(X: np.ndarray) -> None:
    if np.isfinite(X.sum()):  # one pass, no n x d mask (a NaN or inf anywhere makes the sum non-finite)
        return
    bad_rows = np.flatnonzero(~np.isfinite(X).all(axis=1))
    if len(bad_rows) == 0:
        return  # the sum overflowed, the values are finite
    first = ", ".join(str(i) for i in bad_rows[:_SHOW])
    more = ", ..." if len(bad_rows) > _SHOW else ""
    raise ValueError(
        f"{len(bad_rows)} row(s) contain NaN or infinite values (rows {first}{more}). "
        "Drop or impute them first, for example X[np.isfinite(X).all(axis=1)]."
    )


def check_metric(metric) -> str:
    if not isinstance(metric, str) or metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(repr(m) for m in METRICS)}; got {metric!r}.")
    return metric


def check_min_samples(min_samples) -> int:
    if min_samples is None:
        return 5
    return _positive_int("min_samples", min_samples, 1)


MAX_MIN_CLUSTER_SIZE = 2**53 - 1  # above any sample count; exact as a float and in JavaScript


def check_min_cluster_size(min_cluster_size) -> int:
    m = _positive_int("min_cluster_size", min_cluster_size, 2)
    if m > MAX_MIN_CLUSTER_SIZE:
        raise ValueError(
            f"min_cluster_size must be at most 2**53 - 1; got {min_cluster_size!r}. Any value at or "
            "above the number of samples gives the same result: pass that."
        )
    return m


def _positive_int(name, value, lowest) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float, np.floating)):
        raise TypeError(f"{name} must be an integer >= {lowest}; got {value!r} ({type(value).__name__}).")
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number >= {lowest}; got {value!r}.")
    if int(value) < lowest:
        raise ValueError(f"{name} must be >= {lowest}; got {value!r}.")
    return int(value)


def check_threshold(name, value) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a non-negative number; got {value!r} ({type(value).__name__}).")
    value = float(value)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}.")
    return value


def check_count(name, value) -> int:
    return _positive_int(name, value, 0)


def check_sample_index(i, n_samples: int) -> int:
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral):
        raise TypeError(f"a sample index must be an integer; got {i!r} ({type(i).__name__}).")
    if not 0 <= int(i) < n_samples:
        raise ValueError(f"sample index {i} is out of range: there are {n_samples} samples (0 .. {n_samples - 1}).")
    return int(i)


def check_outlier_threshold(value) -> float:
    """A GLOSH score cut: a real number in [0, 1]."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"outlier_threshold must be a number in [0, 1] (a GLOSH outlier score); got {value!r} "
            f"({type(value).__name__})."
        )
    value = float(value)
    if not (0.0 <= value <= 1.0):  # also refuses NaN
        raise ValueError(
            f"outlier_threshold must be in [0, 1] (GLOSH outlier scores lie there); got {value!r}. "
            "Use None for the default rule (Clusterer.default_outlier_threshold)."
        )
    return value


def check_flag(name: str, value) -> bool:
    """A True/False option (numpy booleans too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r} ({type(value).__name__}).")
    return bool(value)
