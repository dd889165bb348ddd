/**
 * Python Lakota 0.7.1's medians on this kind of machine (N = 1,000,000,
 * median of 3), from the project's reference notes. `undefined` where Python
 * has no figure (pull is folder to folder only; ix and x are ours).
 */
export const PYTHON_MEDIANS: Readonly<Record<string, { memory?: number; file?: number }>> = {
  i_write_1_series_N_rows: { memory: 0.0926, file: 0.0953 },
  ii_appends_1000x100_rows: { memory: 4.2494, file: 5.625 },
  iii_multi_100_series_x_10k_rows: { memory: 0.1582, file: 0.3814 },
  iv_read_full_N_rows: { memory: 0.0146, file: 0.0206 },
  v_read_1pct_middle_of_100_appends: { memory: 0.0038, file: 0.0111 },
  vi_time_travel_read_rev50_of_100: { memory: 0.0469, file: 0.0791 },
  vii_pull_collection_file_to_file: { file: 0.0545 },
  viii_defrag_after_1000_appends: { memory: 0.1414, file: 0.1333 },
};

/** The N the Python figures were measured with: ratios at another N compare unlike work. */
export const PYTHON_N = 1_000_000;
