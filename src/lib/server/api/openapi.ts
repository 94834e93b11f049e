/** The API's description (OpenAPI 3.1). A test keeps it in step with the route files. */
import { GROUP_CODE_PATTERN, GROUP_CODE_RULE, UNGROUPED } from '$lib/domain/groups';

const error = {
	description: 'Lỗi: {"error": {"code", "message", "details"}}; không có gì được ghi.',
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
};
const serverError = {
	description:
		'Lỗi máy chủ, cùng dạng: code «internal» (500), hoặc «storage_full» (507) khi máy chủ hết dung lượng lưu trữ; details.id là mã lỗi ghi trong nhật ký máy chủ. Không có gì được ghi.',
	content: error.content
};
const errors = { '400': error, '401': error, '403': error, '404': error, '500': serverError, '507': serverError };
const ok = (schema: object, description = 'Thành công') => ({ description, content: { 'application/json': { schema } } });
const campaignCode = { name: 'code', in: 'path', required: true, schema: { type: 'string' }, description: 'Mã đợt số hóa' };
const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const provinceParam = { name: 'province', in: 'query', schema: { type: 'string', pattern: '^\\d{2}$' }, description: 'Mã tỉnh; mặc định tỉnh của người gọi' };
const GROUP_CODE_SCHEMA = { type: 'string', pattern: GROUP_CODE_PATTERN, description: `Mã cụm: ${GROUP_CODE_RULE}` };

/** How a national campaign's own tree codes and names the provinces' cụm (`groupInNation`). */
const NATIONAL_GROUP_CODES =
	'ở đợt toàn quốc, cụm thi đua mang mã có tiền tố mã tỉnh (ví dụ 33:CUM-1) và tên kèm tên tỉnh, vì các tỉnh dùng trùng mã cụm; phần của một tỉnh dùng mã cụm của tỉnh.';

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'tiendo API',
		version: '1',
		description:
			'API của Tiến độ số hóa hộ tịch. Xác thực bằng `Authorization: Bearer <mã truy cập>` (tạo bằng `npm run cli -- token create <tên>`); mã truy cập mang vai trò và đơn vị của tài khoản. Trường camelCase; ngày YYYY-MM-DD; thời điểm ISO 8601 có múi giờ; tỷ lệ là phân số 0..1.'
	},
	servers: [{ url: '/api/v1' }],
	security: [{ bearer: [] }],
	paths: {
		'/units': {
			get: {
				summary: 'Đơn vị hành chính của một phiên bản danh mục',
				parameters: [
					{ name: 'hierarchy', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Ngày hiệu lực của danh mục; mặc định bản mới nhất' },
					{ name: 'parent', in: 'query', schema: { type: 'string' }, description: 'Mã đơn vị cha; mặc định các tỉnh' }
				],
				responses: { '200': ok({ $ref: '#/components/schemas/UnitList' }), ...errors }
			}
		},
		'/groups': {
			get: {
				summary: 'Cụm thi đua của một tỉnh không còn cấp huyện (người dùng của tỉnh)',
				parameters: [provinceParam],
				responses: {
					'200': ok({
						type: 'object',
						properties: {
							province: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
							groups: { type: 'array', items: { $ref: '#/components/schemas/Group' } }
						}
					}),
					...errors
				}
			},
			put: {
				summary: `Thay toàn bộ cách chia cụm thi đua (quản trị viên); tất cả hoặc không gì cả. Mỗi xã thuộc đúng một cụm; xã không thuộc cụm nào bị từ chối, trừ khi keepUngrouped=true (giữ ở nhóm «${UNGROUPED.name}», mã ${UNGROUPED.code}). Có hiệu lực từ lúc lưu cho mọi đợt của tỉnh và phần của tỉnh trong các đợt toàn quốc; số liệu và lần chốt trước đó giữ cách chia cũ.`,
				parameters: [provinceParam, { name: 'keepUngrouped', in: 'query', schema: { type: 'boolean', default: false } }],
				requestBody: jsonBody({
					type: 'array',
					items: {
						type: 'object',
						required: ['code', 'name', 'communes'],
						properties: { code: GROUP_CODE_SCHEMA, name: { type: 'string', maxLength: 100 }, communes: { type: 'array', items: { type: 'string', pattern: '^\\d{5}$' } } }
					}
				}),
				responses: {
					'200': ok({
						type: 'object',
						properties: {
							groups: { type: 'integer' },
							communes: { type: 'integer' },
							ungrouped: { type: 'integer' },
							moved: { type: 'integer', description: 'số xã đổi cụm trong các đợt của tỉnh' }
						}
					}),
					...errors
				}
			}
		},
		'/campaigns': {
			get: {
				summary: 'Các đợt số hóa người gọi được xem',
				security: [{ bearer: [] }, {}],
				responses: { '200': ok({ type: 'object', properties: { campaigns: { type: 'array', items: { $ref: '#/components/schemas/Campaign' } } } }), ...errors }
			},
			post: {
				summary: 'Tạo đợt số hóa (quản trị viên của tỉnh)',
				requestBody: jsonBody({ $ref: '#/components/schemas/NewCampaign' }),
				responses: { '201': ok({ $ref: '#/components/schemas/Campaign' }, 'Đã tạo'), ...errors }
			}
		},
		'/campaigns/{code}/targets': {
			put: {
				summary: 'Đặt chỉ tiêu theo xã và loại việc (quản trị viên); tất cả hoặc không gì cả',
				parameters: [campaignCode],
				requestBody: jsonBody({
					type: 'array',
					items: {
						type: 'object',
						required: ['commune', 'recordType', 'target'],
						properties: { commune: { type: 'string' }, recordType: { $ref: '#/components/schemas/RecordType' }, target: { type: 'integer', minimum: 0, maximum: 10000000 } }
					}
				}),
				responses: { '200': ok({ type: 'object', properties: { changed: { type: 'integer' } } }), ...errors }
			}
		},
		'/campaigns/{code}/deadlines': {
			put: {
				summary: 'Đặt hạn riêng của đơn vị (quản trị viên); deadline null để bỏ',
				parameters: [campaignCode],
				requestBody: jsonBody({
					type: 'array',
					items: { type: 'object', required: ['unit', 'deadline'], properties: { unit: { type: 'string' }, deadline: { type: ['string', 'null'], format: 'date' } } }
				}),
				responses: { '200': ok({ type: 'object', properties: { changed: { type: 'integer' } } }), ...errors }
			}
		},
		'/campaigns/{code}/capacity': {
			get: {
				summary: 'Năng lực (số máy × số ca) so với chỉ tiêu ngày tại một thời điểm (mặc định bây giờ): người dùng của tỉnh, trong phạm vi được xem',
				parameters: [
					campaignCode,
					{ name: 'level', in: 'query', schema: { $ref: '#/components/schemas/Level' } },
					{ name: 'parent', in: 'query', schema: { type: 'string' }, description: 'Mã đơn vị cha' },
					{ name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Thời điểm ISO 8601 có múi giờ; dùng số máy, số ca có hiệu lực lúc đó' }
				],
				responses: {
					'200': ok({
						type: 'object',
						properties: {
							campaign: { type: 'string' },
							at: { type: 'string', format: 'date-time' },
							level: { $ref: '#/components/schemas/Level' },
							rows: {
								type: 'array',
								items: {
									type: 'object',
									properties: {
										unit: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, level: { $ref: '#/components/schemas/Level' } } },
										machines: { type: 'integer', description: 'm; tổng các xã với đơn vị cha' },
										shiftsPerDay: { type: ['integer', 'null'], description: 's; null với đơn vị cha' },
										machineShifts: { type: 'integer', description: 'm·s; tổng các xã với đơn vị cha' },
										dailyQuota: { type: ['integer', 'null'] },
										pace: { type: 'number' },
										ratePerMachineShift: { type: ['number', 'null'], description: 'ρ = p/(m·s); null khi m·s = 0 hoặc p = 0' },
										neededMachineShifts: { type: ['integer', 'null'], description: 'n = ceil(q/ρ); tổng các xã với đơn vị cha' },
										extraMachines: { type: ['integer', 'null'], description: 'ceil(n/s) − m khi thiếu; tổng các xã với đơn vị cha' },
										extraShifts: { type: ['integer', 'null'], description: 'Hoặc ceil(n/m) − s ca/ngày với số máy hiện có (m > 0)' },
										verdict: { type: ['string', 'null'], enum: ['enough', 'short', 'unknown', null], description: 'null khi quá hạn' },
										shortCommunes: { type: 'integer' },
										unknownCommunes: { type: 'integer' },
										overdueCommunes: { type: 'integer' }
									}
								}
							}
						}
					}),
					...errors
				}
			},
			put: {
				summary: 'Đặt số máy và số ca mỗi ngày của các xã (trưởng phòng Tư pháp huyện, trưởng cụm cho xã của mình; quản trị viên); áp dụng từ lúc gửi; tất cả hoặc không gì',
				parameters: [campaignCode],
				requestBody: jsonBody({
					type: 'array',
					items: {
						type: 'object',
						required: ['commune', 'machines', 'shiftsPerDay'],
						properties: { commune: { type: 'string' }, machines: { type: 'integer', minimum: 0, maximum: 1000 }, shiftsPerDay: { type: 'integer', minimum: 1, maximum: 4 } }
					}
				}),
				responses: { '200': ok({ type: 'object', properties: { changed: { type: 'integer' } } }), ...errors }
			}
		},
		'/campaigns/{code}/reports': {
			post: {
				summary: 'Gửi số liệu đã số hóa (lũy kế hoặc số tăng thêm); tất cả hoặc không gì; Idempotency-Key để gửi lại an toàn',
				parameters: [
					campaignCode,
					{
						name: 'Idempotency-Key',
						in: 'header',
						schema: { type: 'string', minLength: 8, maxLength: 200 },
						description: 'Khóa duy nhất cho mỗi lần gửi; gửi lại cùng khóa và cùng nội dung không ghi thêm'
					}
				],
				requestBody: jsonBody({
					type: 'object',
					required: ['reports'],
					properties: {
						reports: {
							type: 'array',
							items: {
								type: 'object',
								required: ['commune', 'recordType'],
								properties: {
									commune: { type: 'string' },
									recordType: { $ref: '#/components/schemas/RecordType' },
									stage: { type: 'string' },
									asOf: { type: 'string', format: 'date-time' },
									cumulative: { type: 'integer', minimum: 0 },
									delta: { type: 'integer' },
									note: { type: 'string', maxLength: 500, description: 'Bắt buộc khi giá trị thấp hơn trước (đính chính)' }
								}
							}
						}
					}
				}),
				responses: {
					'201': ok({
						type: 'object',
						properties: {
							accepted: { type: 'integer' },
							reports: {
								type: 'array',
								items: {
									type: 'object',
									properties: {
										commune: { type: 'string' },
										recordType: { type: 'string' },
										stage: { type: 'string' },
										asOf: { type: 'string', format: 'date-time' },
										previous: { type: ['integer', 'null'] },
										cumulative: { type: 'integer' }
									}
								}
							}
						}
					}),
					...errors
				}
			}
		},
		'/campaigns/{code}/imports': {
			post: {
				summary:
					'Tải lên một tệp .xlsx hoặc .csv (số liệu hoặc chỉ tiêu, như ở trang nhập số liệu) và nhận bản xem trước; chưa ghi gì cho đến khi xác nhận. Số liệu: người được nhập số của các xã trong tệp; chỉ tiêu: quản trị viên. Tệp mẫu, tệp Excel, LibreOffice, Google Sheets, openpyxl/pandas, CSV UTF-8 hoặc CSV của Excel tiếng Việt (Windows-1258, dấu ; hoặc ,) đều được nhận; dòng tiêu đề, cột STT, dòng trống và dòng «Tổng cộng» được bỏ qua và ghi trong notes.',
				parameters: [
					campaignCode,
					{ name: 'kind', in: 'query', required: true, schema: { type: 'string', enum: ['reports', 'targets'] }, description: 'reports: số đã số hóa (lũy kế); targets: chỉ tiêu' },
					{ name: 'Content-Disposition', in: 'header', schema: { type: 'string' }, description: 'Tên tệp, ví dụ attachment; filename="vu-thu.xlsx" (không bắt buộc)' }
				],
				requestBody: {
					required: true,
					description: 'Tệp, tối đa 10 MB. Content-Type (bắt buộc) cho biết loại tệp; với application/octet-stream, tệp .xlsx được nhận ra theo chữ ký zip, còn lại đọc như CSV.',
					content: {
						'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
						'text/csv': { schema: { type: 'string', format: 'binary' } },
						'application/octet-stream': { schema: { type: 'string', format: 'binary' } }
					}
				},
				responses: {
					'201': ok(
						{
							type: 'object',
							properties: {
								id: { type: 'string', format: 'uuid', description: 'Mã bản xem trước, để xác nhận (giữ 2 giờ)' },
								kind: { type: 'string', enum: ['reports', 'targets'] },
								fileName: { type: 'string' },
								changeCount: { type: 'integer' },
								changes: {
									type: 'array',
									description: 'Các ô thay đổi (tối đa 5.000 ô đầu; changeCount là tổng)',
									items: {
										type: 'object',
										properties: {
											row: { type: 'integer' },
											column: { type: 'string' },
											commune: { type: 'string' },
											recordType: { type: 'string' },
											before: { type: ['integer', 'null'] },
											after: { type: 'integer' },
											note: { type: ['string', 'null'] }
										}
									}
								},
								notes: {
									type: 'array',
									items: { type: 'string' },
									description: 'Những gì được bỏ qua khi đọc, ví dụ «Đã bỏ qua: cột STT (A); 2 dòng tiêu đề; dòng 45 «Tổng cộng».»'
								},
								errorCount: { type: 'integer' },
								errors: {
									type: 'array',
									description: 'Lỗi trong các ô; có lỗi thì không xác nhận được',
									items: {
										type: 'object',
										properties: { sheet: { type: ['string', 'null'] }, row: { type: ['integer', 'null'] }, column: { type: ['string', 'null'] }, message: { type: 'string' } }
									}
								}
							}
						},
						'Đã nhận tệp; bản xem trước'
					),
					'413': error,
					'415': error,
					'429': error,
					...errors
				}
			}
		},
		'/campaigns/{code}/imports/{id}/confirm': {
			post: {
				summary: 'Ghi mọi thay đổi của một tệp đã tải lên, tất cả hoặc không gì; xác nhận lại không ghi thêm (replayed: true). Chỉ người đã tải tệp lên.',
				parameters: [campaignCode, { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
				responses: { '200': ok({ type: 'object', properties: { id: { type: 'string' }, accepted: { type: 'integer' }, replayed: { type: 'boolean' } } }), ...errors }
			}
		},
		'/campaigns/{code}/progress': {
			get: {
				summary: 'Tiến độ tại một thời điểm (mặc định bây giờ), trong phạm vi người gọi được xem',
				security: [{ bearer: [] }, {}],
				parameters: [
					campaignCode,
					{ name: 'level', in: 'query', schema: { $ref: '#/components/schemas/Level' } },
					{ name: 'parent', in: 'query', schema: { type: 'string' }, description: `Mã đơn vị cha; không đánh số lại hạng; ${NATIONAL_GROUP_CODES}` },
					{ name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Thời điểm ISO 8601 có múi giờ' },
					{ name: 'recordType', in: 'query', schema: { $ref: '#/components/schemas/RecordType' }, description: 'Mặc định: tổng các loại' },
					{
						name: 'hierarchy',
						in: 'query',
						schema: { type: 'string', format: 'date' },
						description:
							'Đọc trên phiên bản danh mục khác (ngày hiệu lực, ví dụ 2026-07-25) theo bảng chuyển đổi đã nhập; mặc định danh mục của đợt. Dòng có estimate: true khi số liệu dựa trên tỷ lệ chia không được công bố'
					}
				],
				responses: {
					'200': ok({
						type: 'object',
						properties: {
							campaign: { type: 'string' },
							at: { type: 'string', format: 'date-time' },
							level: { $ref: '#/components/schemas/Level' },
							hierarchy: { type: ['string', 'null'], format: 'date', description: 'Phiên bản danh mục đã đọc, null: danh mục của đợt' },
							recordType: { type: ['string', 'null'] },
							rows: { type: 'array', items: { $ref: '#/components/schemas/ProgressRow' } }
						}
					}),
					...errors
				}
			}
		},
		'/campaigns/{code}/leaderboard': {
			get: {
				summary: 'Bảng xếp hạng thi đua theo một lần chốt (mặc định lần chốt theo lịch gần nhất); ai cũng xem được khi đợt công khai',
				security: [{ bearer: [] }, {}],
				parameters: [
					campaignCode,
					{
						name: 'level',
						in: 'query',
						schema: { type: 'string', enum: ['province', 'district', 'group', 'commune'] },
						description: 'Mặc định: cấp huyện (hoặc cụm), cấp tỉnh với đợt toàn quốc; cấp tỉnh chỉ có ở đợt toàn quốc; cấp xã cần đăng nhập'
					},
					{ name: 'snapshot', in: 'query', schema: { type: 'integer' } },
					{ name: 'recordType', in: 'query', schema: { $ref: '#/components/schemas/RecordType' } },
					{ name: 'parent', in: 'query', schema: { type: 'string' }, description: `Mã huyện/cụm: chỉ các xã của đơn vị đó, giữ nguyên hạng toàn tỉnh; ${NATIONAL_GROUP_CODES}` },
					{
						name: 'hierarchy',
						in: 'query',
						schema: { type: 'string', format: 'date' },
						description: 'Xếp hạng trên phiên bản danh mục khác (ví dụ 2026-07-25) theo bảng chuyển đổi; dòng có estimate: true khi dựa trên tỷ lệ chia không được công bố'
					}
				],
				responses: {
					'200': ok({
						type: 'object',
						properties: {
							campaign: { type: 'string' },
							snapshot: { oneOf: [{ $ref: '#/components/schemas/Snapshot' }, { type: 'null' }] },
							level: { $ref: '#/components/schemas/Level' },
							recordType: { type: ['string', 'null'] },
							previousSnapshotAt: { type: ['string', 'null'], format: 'date-time', description: 'Lần chốt theo lịch trước: mốc tính tiến bộ' },
							brackets: {
								type: 'array',
								items: { type: 'integer' },
								description: 'Ngưỡng nhóm quy mô (hồ sơ, tăng dần): nhóm i gồm đơn vị có tổng chỉ tiêu từ ngưỡng i−1 đến dưới ngưỡng i'
							},
							rows: {
								type: 'array',
								items: {
									type: 'object',
									properties: {
										unit: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, level: { $ref: '#/components/schemas/Level' } } },
										parent: { type: ['object', 'null'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
										rank: { type: 'integer' },
										rankChange: { type: ['integer', 'null'], description: 'Số bậc tăng so với lần chốt trước; null: mới' },
										pct: { type: 'number' },
										credited: { type: 'integer' },
										done: { type: 'integer' },
										target: { type: 'integer' },
										finishedAt: { type: ['string', 'null'], format: 'date-time' },
										pace: { type: 'number' },
										status: { $ref: '#/components/schemas/Status' },
										firstInProvince: { type: 'boolean' },
										firstInParent: { type: 'boolean' },
										improvement: {
											type: ['number', 'null'],
											description: 'Tiến bộ: số điểm phần trăm tăng (Δpct = pct lúc này − pct ở lần chốt theo lịch trước, ×100); null khi chưa có lần chốt trước'
										},
										improvementRank: { type: ['integer', 'null'], description: 'Hạng tiến bộ (giảm dần, đồng hạng 1, 2, 2, 4); null với đơn vị không có chỉ tiêu' },
										bracket: { type: ['integer', 'null'], description: 'Nhóm quy mô theo tổng chỉ tiêu (chỉ số từ 0, theo brackets); null khi đợt không chia nhóm' },
										bracketRank: { type: ['integer', 'null'], description: 'Hạng trong nhóm quy mô, cùng quy tắc xếp hạng' },
										streak: { type: 'integer', description: 'Số ngày tính liên tiếp (đến ngày tính gần nhất đã kết thúc) đạt chỉ tiêu ngày' }
									}
								}
							}
						}
					}),
					...errors
				}
			}
		},
		'/campaigns/{code}/snapshots': {
			get: {
				summary: 'Các lần chốt số liệu của đợt, mới nhất trước (người dùng trong tỉnh)',
				security: [{ bearer: [] }],
				parameters: [campaignCode],
				responses: {
					'200': ok({ type: 'object', properties: { campaign: { type: 'string' }, snapshots: { type: 'array', items: { $ref: '#/components/schemas/SnapshotSummary' } } } }),
					...errors
				}
			},
			post: {
				summary: 'Chốt số liệu ngay, hoặc tại một thời điểm đã qua (quản trị); đánh dấu là chốt đột xuất',
				security: [{ bearer: [] }],
				parameters: [campaignCode],
				requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } } } } },
				responses: { '201': ok({ $ref: '#/components/schemas/Snapshot' }), ...errors }
			}
		},
		'/campaigns/{code}/snapshots/{id}': {
			get: {
				summary: 'Số liệu của một lần chốt, trong phạm vi người gọi được xem',
				security: [{ bearer: [] }],
				parameters: [
					campaignCode,
					{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
					{ name: 'level', in: 'query', schema: { $ref: '#/components/schemas/Level' } },
					{ name: 'recordType', in: 'query', schema: { $ref: '#/components/schemas/RecordType' }, description: 'Mặc định: tổng các loại' }
				],
				responses: {
					'200': ok({
						type: 'object',
						properties: {
							campaign: { type: 'string' },
							snapshot: { $ref: '#/components/schemas/Snapshot' },
							recordType: { type: ['string', 'null'] },
							rows: { type: 'array', items: { $ref: '#/components/schemas/SnapshotRow' } }
						}
					}),
					...errors
				}
			}
		},
		'/campaigns/{code}/snapshots/{id}/report.xlsx': {
			get: {
				summary: 'Báo cáo Excel của một lần chốt: toàn tỉnh (lãnh đạo, quản trị) hoặc của một huyện/cụm (unit=)',
				security: [{ bearer: [] }],
				parameters: [
					campaignCode,
					{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
					{ name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã huyện hoặc cụm' }
				],
				responses: {
					'200': { description: 'Tệp .xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } },
					...errors
				}
			}
		},
		'/campaigns/{code}/snapshots/{id}/summary.txt': {
			get: {
				summary:
					'Tin nhắn tóm tắt của một lần chốt (để dán vào nhóm Zalo): tỷ lệ, tăng so với lần trước, chỉ tiêu hôm nay, dự báo, xếp hạng và danh sách xã chưa báo cáo; toàn tỉnh hoặc một huyện/cụm (unit=)',
				security: [{ bearer: [] }],
				parameters: [
					campaignCode,
					{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
					{ name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã huyện hoặc cụm' }
				],
				responses: { '200': { description: 'Văn bản UTF-8, không quá 2.000 ký tự', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors }
			}
		},
		'/campaigns/{code}/webhooks': {
			get: {
				summary: 'Các webhook của đợt (quản trị): địa chỉ nhận bản tóm tắt sau mỗi lần chốt theo lịch; không kèm khóa bí mật',
				security: [{ bearer: [] }],
				parameters: [campaignCode],
				responses: {
					'200': {
						description: 'Danh sách',
						content: { 'application/json': { schema: { type: 'object', properties: { webhooks: { type: 'array', items: { $ref: '#/components/schemas/Webhook' } } } } } }
					},
					...errors
				}
			},
			post: {
				summary:
					'Đăng ký một webhook (quản trị). Sau mỗi lần chốt theo lịch, hệ thống POST bản tóm tắt JSON (số liệu tỉnh và từng huyện/cụm, danh sách xã chưa báo cáo, tin nhắn) kèm X-Tiendo-Timestamp và X-Tiendo-Signature: sha256=<hex của HMAC-SHA256(secret, timestamp + "." + body)>; lỗi thì gửi lại sau 1, 2, 4, 8, 16 phút',
				security: [{ bearer: [] }],
				parameters: [campaignCode],
				requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } } } },
				responses: {
					'201': {
						description: 'Đã đăng ký; secret chỉ hiện một lần',
						content: {
							'application/json': {
								schema: { allOf: [{ $ref: '#/components/schemas/Webhook' }, { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } }] }
							}
						}
					},
					...errors
				}
			}
		},
		'/campaigns/{code}/webhooks/{id}': {
			delete: {
				summary: 'Gỡ một webhook (quản trị); nhật ký gửi giữ nguyên',
				security: [{ bearer: [] }],
				parameters: [campaignCode, { name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
				responses: { '204': { description: 'Đã gỡ' }, ...errors }
			}
		},
		'/campaigns/{code}/snapshots/{id}/summary.png': {
			get: {
				summary:
					'Ảnh bảng xếp hạng của một lần chốt (PNG rộng 1080 px, để gửi nhóm Zalo): số liệu chính, bảng huyện/cụm (hoặc các xã của một huyện/cụm) theo hạng, mũi tên tăng/giảm hạng, màu trạng thái',
				security: [{ bearer: [] }],
				parameters: [
					campaignCode,
					{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
					{ name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã huyện hoặc cụm' }
				],
				responses: { '200': { description: 'Ảnh PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }, ...errors }
			}
		},
		'/campaigns/{code}/snapshots/{id}/report.pdf': {
			get: {
				summary: 'Báo cáo một trang A4 (PDF) của một lần chốt: tiêu đề, số liệu chính, bảng xếp hạng, danh sách xã chưa báo cáo, nơi nhận và chữ ký; phụ lục các xã từ trang 2',
				security: [{ bearer: [] }],
				parameters: [
					campaignCode,
					{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
					{ name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã huyện hoặc cụm' }
				],
				responses: { '200': { description: 'Tệp PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errors }
			}
		}
	},
	components: {
		securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
		schemas: {
			Group: {
				type: 'object',
				properties: {
					code: GROUP_CODE_SCHEMA,
					name: { type: 'string' },
					ungrouped: { type: 'boolean', description: `nhóm «${UNGROUPED.name}»` },
					communes: { type: 'array', items: { type: 'string' } }
				}
			},
			Error: {
				type: 'object',
				required: ['error'],
				description:
					'Mọi lỗi của API, kể cả địa chỉ không có (404 not_found), phương thức không dùng được (405 method_not_allowed, header Allow), nội dung quá lớn (413 too_large), không phải JSON (415 unsupported_media_type, 400 invalid_json).',
				properties: {
					error: {
						type: 'object',
						required: ['code', 'message', 'details'],
						properties: { code: { type: 'string' }, message: { type: 'string', description: 'Tiếng Việt' }, details: { description: 'Chi tiết theo từng lỗi, hoặc null' } }
					}
				}
			},
			Webhook: {
				type: 'object',
				required: ['id', 'url', 'createdAt'],
				properties: { id: { type: 'integer' }, url: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } }
			},
			Level: { type: 'string', enum: ['nation', 'province', 'district', 'group', 'commune'], description: '`nation`: gốc của đợt toàn quốc (Bộ Tư pháp)' },
			Status: { type: 'string', enum: ['not_started', 'on_track', 'at_risk', 'behind', 'overdue', 'done'] },
			RecordType: { type: 'string', enum: ['khai_sinh', 'ket_hon', 'khai_tu', 'nhan_cha_me_con', 'giam_ho', 'thay_doi_cai_chinh', 'khac'] },
			UnitList: {
				type: 'object',
				properties: {
					hierarchy: { type: 'string', format: 'date' },
					parent: { type: ['object', 'null'] },
					units: {
						type: 'array',
						items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, level: { type: 'string' } } }
					}
				}
			},
			Settings: {
				type: 'object',
				properties: {
					name: { type: 'string' },
					start: { type: 'string', format: 'date' },
					deadline: { type: 'string', format: 'date' },
					timeZone: { type: 'string', default: 'Asia/Ho_Chi_Minh' },
					dayEndHour: { type: 'integer', minimum: 1, maximum: 24, default: 22 },
					excludedWeekdays: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, default: [] },
					holidays: { type: 'array', items: { type: 'string', format: 'date' }, default: [] },
					snapshotTimes: { type: 'array', items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }, default: ['06:00', '11:30', '23:00'] },
					recordTypes: { type: 'array', items: { $ref: '#/components/schemas/RecordType' }, default: ['khai_sinh', 'ket_hon', 'khai_tu'] },
					stages: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } } },
					onTrackRatio: { type: 'number', default: 1 },
					atRiskRatio: { type: 'number', default: 0.8 },
					isPublic: { type: 'boolean', default: false },
					bracketThresholds: {
						type: 'array',
						maxItems: 5,
						items: { type: 'integer', minimum: 1 },
						default: [],
						description: 'Ngưỡng nhóm quy mô (tổng chỉ tiêu, hồ sơ), tăng dần, ví dụ [5000, 20000]; [] là không chia nhóm'
					}
				}
			},
			NewCampaign: {
				allOf: [
					{ $ref: '#/components/schemas/Settings' },
					{
						type: 'object',
						required: ['code', 'name', 'hierarchy', 'start', 'deadline'],
						properties: {
							code: { type: 'string' },
							provinceCode: { type: 'string', description: 'Mã tỉnh; bỏ trống khi Bộ Tư pháp (vai trò ministry) tạo đợt toàn quốc trên mọi tỉnh của danh mục' },
							hierarchy: { type: 'string', format: 'date' },
							groups: {
								type: 'array',
								description: 'Đặt cụm thi đua của tỉnh (như PUT /groups) cùng lúc tạo đợt',
								items: { type: 'object', properties: { code: GROUP_CODE_SCHEMA, name: { type: 'string' }, communes: { type: 'array', items: { type: 'string' } } } }
							},
							keepUngrouped: { type: 'boolean', default: false },
							carryOver: {
								type: 'object',
								required: ['from'],
								description:
									'Chuyển phần còn lại: chỉ tiêu mỗi xã và loại việc của đợt mới là phần còn lại của đợt «from» tại thời điểm «at» (mặc định bây giờ), chuyển sang danh mục của đợt mới theo bảng chuyển đổi (xã cũ chia cho nhiều xã mới mà không công bố tỷ lệ thì chia đều). Tổng theo loại việc bằng phần còn lại của đợt cũ. Không nêu recordTypes thì lấy các loại việc của đợt cũ',
								properties: { from: { type: 'string', description: 'Mã đợt cũ' }, at: { type: 'string', format: 'date-time' } }
							}
						}
					}
				]
			},
			Campaign: {
				allOf: [
					{ $ref: '#/components/schemas/Settings' },
					{
						type: 'object',
						properties: {
							code: { type: 'string' },
							provinceCode: { type: ['string', 'null'], description: 'null: đợt toàn quốc' },
							provinceName: { type: 'string', description: '«Toàn quốc» cho đợt toàn quốc' },
							hierarchy: { type: 'string', format: 'date' }
						}
					}
				]
			},
			Snapshot: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					at: { type: 'string', format: 'date-time', description: 'Thời điểm chốt (khung giờ)' },
					kind: { type: 'string', enum: ['scheduled', 'late', 'adhoc'] },
					takenAt: { type: 'string', format: 'date-time' },
					durationMs: { type: 'integer' }
				}
			},
			SnapshotSummary: {
				allOf: [
					{ $ref: '#/components/schemas/Snapshot' },
					{
						type: 'object',
						properties: {
							pct: { type: ['number', 'null'] },
							credited: { type: ['integer', 'null'] },
							target: { type: ['integer', 'null'] },
							creditedChange: { type: ['integer', 'null'] }
						}
					}
				]
			},
			SnapshotRow: {
				allOf: [
					{ $ref: '#/components/schemas/ProgressRow' },
					{
						type: 'object',
						properties: {
							creditedChange: { type: ['integer', 'null'], description: 'Tăng so với lần chốt theo lịch trước' },
							rankChange: { type: ['integer', 'null'], description: 'Số bậc tăng hạng (âm: tụt hạng)' },
							noReportSincePrevious: { type: 'boolean' }
						}
					}
				]
			},
			ProgressRow: {
				type: 'object',
				properties: {
					unit: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, level: { $ref: '#/components/schemas/Level' } } },
					target: { type: 'integer' },
					done: { type: 'integer', description: 'Tổng số đã nhập (thô)' },
					credited: { type: 'integer', description: 'Tổng min(đã nhập, chỉ tiêu) theo từng xã và loại việc' },
					remaining: { type: 'integer' },
					overTarget: { type: 'integer', description: 'Số ô (xã × loại việc) đã nhập vượt chỉ tiêu' },
					pct: { type: 'number', minimum: 0, maximum: 1 },
					deadline: { type: 'string', format: 'date' },
					daysLeft: { type: 'integer' },
					dailyQuota: { type: ['integer', 'null'], description: 'null khi đã quá hạn' },
					pace: { type: 'number', description: 'Hồ sơ mỗi ngày trong cửa sổ tối đa 7 ngày' },
					projectedFinish: { type: ['string', 'null'], format: 'date' },
					status: { $ref: '#/components/schemas/Status' },
					finishedAt: { type: ['string', 'null'], format: 'date-time' },
					rank: { type: 'integer' },
					lastReportAt: { type: ['string', 'null'], format: 'date-time' },
					estimate: {
						type: 'boolean',
						description:
							'Chỉ khi đọc trên danh mục khác (hierarchy=): số liệu ước tính, dựa trên phần của một xã cũ chia cho nhiều xã mới mà tỷ lệ chia không được công bố (chia đều)'
					}
				}
			}
		}
	}
} as const;
