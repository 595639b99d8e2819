/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoints of vfio-platform's device resets.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vfio_platform

#if !defined(_VFIO_PLATFORM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VFIO_PLATFORM_TRACE_H

#include <linux/device.h>
#include <linux/tracepoint.h>

/*
 * vfio_platform_reset - vfio-platform reset a device, or found no reset
 * @dev: the device
 * @why: what asked for it: "open", "release" or "VFIO_DEVICE_RESET"
 * @method: "native" (its native driver's), "module" (a vfio-reset
 *	module's), "acpi" (_RST) or "none"
 * @by: whose reset ran: the driver, the module or "_RST"; "-" for none
 * @ret: 0, or the reset's error; -ENODEV for none
 * @ns: how long the reset took
 */
TRACE_EVENT(vfio_platform_reset,
	    TP_PROTO(struct device *dev, const char *why, const char *method,
		     const char *by, int ret, u64 ns),
	    TP_ARGS(dev, why, method, by, ret, ns),
	    TP_STRUCT__entry(__string(dev, dev_name(dev))
			     __string(why, why)
			     __string(method, method)
			     __string(by, by)
			     __field(int, ret)
			     __field(u64, ns)),
	    TP_fast_assign(__assign_str(dev);
			   __assign_str(why);
			   __assign_str(method);
			   __assign_str(by);
			   __entry->ret = ret;
			   __entry->ns = ns;),
	    TP_printk("%s on=%s method=%s by=%s ret=%d ns=%llu",
		      __get_str(dev), __get_str(why), __get_str(method),
		      __get_str(by), __entry->ret, __entry->ns)
);

#endif /* _VFIO_PLATFORM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vfio_platform_trace
#include <trace/define_trace.h>
