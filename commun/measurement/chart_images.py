"""Any chart as a static image (for reports and PDFs), drawn without a browser."""

from django.utils.translation import gettext as _

from commun.renders import Rendering


def chart_png(spec: dict, width: int = 900, scale: float = 2) -> bytes:
    """The same chart as a static image (for reports and PDFs), drawn without a browser."""
    import vl_convert

    static = {**spec, "width": width if spec.get("width") == "container" else spec.get("width")}
    return vl_convert.vegalite_to_png(static, scale=scale)


def chart_png_rendering(spec: dict, filename: str, width: int = 900, scale: float = 2) -> Rendering:
    """The chart as an image, made once for each spec (data, labels and language are in it)."""
    return Rendering(
        renderer="commun.measurement.chart_images.chart_png",
        arguments={"spec": spec, "width": width, "scale": scale},
        content_type="image/png",
        filename=filename,
        label=_("The chart as an image"),
    )
