"""OSS mock: builds sample packages and onboards them at a MEO, following them to the end;
``flows`` drives a whole federation lab (federations, both flows, the nine steps, every MEO).

In-process use::

    from mec_mocks.oss.package import make_package
    from mec_mocks.oss.onboard import onboard
    made = make_package("demo.zip")
    result = await onboard(meo_url="http://127.0.0.1:9001", target_network="46001",
                           app_type="traditional", package="demo.zip", wait=True)
"""
