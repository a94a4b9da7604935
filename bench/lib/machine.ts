/** Facts about the machine a run was measured on, for the report. */
import { cpus, totalmem, release, platform, arch } from 'node:os';

export interface MachineFacts {
	date: string;
	cores: number;
	cpuModel: string;
	memoryGiB: number;
	os: string;
	node: string;
	/** One line: "2 cores (…), 23 GiB, Linux …, Node v20…". */
	summary: string;
}

export function machineFacts(): MachineFacts {
	const list = cpus();
	const cpuModel = list[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
	const memoryGiB = Math.round(totalmem() / 1024 ** 3);
	const os = `${platform()} ${release()} ${arch()}`;
	const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	return {
		date,
		cores: list.length,
		cpuModel,
		memoryGiB,
		os,
		node: process.version,
		summary: `${list.length} cores (${cpuModel}), ${memoryGiB} GiB, ${os}, Node ${process.version}`,
	};
}
