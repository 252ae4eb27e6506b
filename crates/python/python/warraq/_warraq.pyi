"""Type hints of the native module (crates/python/src/lib.rs); call it through ``warraq``."""

from typing import Any, Dict, List, Optional, Tuple, Union

_Input = Tuple[str, Optional[bytes]]
_Finding = Tuple[str, str, str, str]

SETTINGS: List[str]

def build(
    articles: List[_Input],
    settings: Dict[str, Any],
    cover: Union[str, _Input],
    font: Optional[_Input],
    kobo: bool,
    modified: int,
    output: Optional[str],
    png: Optional[bool] = None,
) -> Tuple[Optional[bytes], str, str, List[Tuple[str, str]], List[str], Optional[str]]: ...
def check(book: _Input, lang: Optional[str] = None) -> List[_Finding]: ...
def rules() -> List[Tuple[str, str, str, str]]: ...
def fix(
    book: _Input, lang: Optional[str], modified: int
) -> Tuple[bytes, List[Tuple[str, str, str]], List[str], List[_Finding], Optional[str]]: ...
def each(dir: str, out_dir: str, kobo: bool = False) -> List[Tuple[str, str]]: ...
